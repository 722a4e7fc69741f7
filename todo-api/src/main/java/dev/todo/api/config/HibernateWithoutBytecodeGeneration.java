package dev.todo.api.config;

import java.util.Map;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.internal.none.BytecodeProviderImpl;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.stereotype.Component;

/**
 * Hibernate without Byte Buddy. The one entity ({@code Task}) has no associations, so there is nothing to proxy
 * and nothing to enhance, yet by default Hibernate loads Byte Buddy twice over: for the JPA class transformer it
 * builds even when Spring has no load-time weaver to hand it to (and then drops it), and for entity proxies. That
 * was ~950 classes of todo-api's ~21,700 under the write benchmark (issue 12: resident memory over budget, most of
 * it class metadata).
 * <p>
 * Hibernate's own {@code none} provider (made for native images) replaces both: as the session factory's service
 * (Hibernate 6.6 picks the provider through {@link ServiceContributor}s, registered in {@code META-INF/services},
 * not through a setting) and as the class transformer's. What it rules out is what the code does not do: lazy
 * to-one associations and {@code getReference}. {@code HibernateWithoutBytecodeGenerationIT} shows, on the real
 * context, the session factory on the {@code none} provider and {@code Task} still read and changed through JPA;
 * that no Byte Buddy class is loaded at all was checked with {@code -Xlog:class+load} under the benchmark (issue 12's
 * results, ninth session). Public, with the implicit constructor: {@link java.util.ServiceLoader} creates the
 * contributor.
 */
@Component
public class HibernateWithoutBytecodeGeneration implements HibernatePropertiesCustomizer, ServiceContributor {

    /** The provider the JPA class transformer takes instead of building Byte Buddy's own. */
    static final String ENHANCER_PROVIDER = "hibernate.enhancer.bytecodeprovider.instance";

    @Override
    public void customize(Map<String, Object> properties) {
        properties.put(ENHANCER_PROVIDER, new BytecodeProviderImpl());
    }

    @Override
    public void contribute(StandardServiceRegistryBuilder registry) {
        registry.addService(BytecodeProvider.class, new BytecodeProviderImpl());
    }
}
