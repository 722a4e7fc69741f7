package dev.todo.common.security;

import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;

/**
 * Takes Spring Security's handler-lookup cache filter back out of {@code springSecurityFilterChain}.
 *
 * <p>With Spring MVC present, Spring Security 6.5 ({@code WebMvcSecurityConfiguration}) re-registers the chain's
 * bean as a {@code CompositeFilterChainProxy} whose first filter asks Spring MVC's handler mappings for the
 * request's handler and CORS configuration on every request, so that {@code MvcRequestMatcher}s and the
 * introspector's {@code CorsConfigurationSource} find the answer cached. These chains use neither: their matchers
 * are path patterns ({@link TodoSecurityAutoConfiguration#requestMatcherBuilder()}) and CORS has its own source.
 * The lookup was 7 % of todo-api's CPU and 9 % of what it allocates under the write load (issue 12, results of
 * the eleventh session); Spring Security 7 no longer adds the filter, and with it this class has nothing to do.
 * Runs after every registry post-processor (a {@link BeanFactoryPostProcessor} always does), so after both of
 * Spring Security's wrappers are in place, and changes nothing that is not the shape it expects.
 */
final class IntrospectorCacheFilterRemoval implements BeanFactoryPostProcessor {

    static final String CHAIN = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;
    private static final String PACKAGE = "org.springframework.security.config.annotation.web.configuration.";
    static final String CACHE_WRAPPER = PACKAGE + "WebMvcSecurityConfiguration$CompositeFilterChainProxy";
    static final String CACHE_FILTER = PACKAGE
            + "WebMvcSecurityConfiguration$HandlerMappingIntrospectorCacheFilterFactoryBean";
    /** Wraps the chain the same way to put a {@code ServletRequestPathFilter} first; kept, and looked into. */
    static final String PATH_WRAPPER = PACKAGE + "WebSecurityConfiguration$CompositeFilterChainProxy";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (beanFactory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition(CHAIN)) {
            BeanDefinition registered = registry.getBeanDefinition(CHAIN);
            BeanDefinition chain = withoutCacheFilter(registered);
            if (chain != registered) {
                registry.removeBeanDefinition(CHAIN);
                registry.registerBeanDefinition(CHAIN, chain);
            }
        }
    }

    /**
     * The definition with the cache filter's wrapper replaced by the chain it wraps, at any depth: which of the two
     * wrappers is outside depends on the order their post-processors ran in.
     */
    private static BeanDefinition withoutCacheFilter(BeanDefinition definition) {
        List<Object> filters = wrappedFilters(definition);
        if (filters == null) {
            return definition;
        }
        if (CACHE_WRAPPER.equals(definition.getBeanClassName())) {
            boolean expectedShape = filters.size() == 2 && filters.get(0) instanceof BeanDefinition first
                    && CACHE_FILTER.equals(first.getBeanClassName()) && filters.get(1) instanceof BeanDefinition;
            return expectedShape ? withoutCacheFilter((BeanDefinition) filters.get(1)) : definition;
        }
        filters.replaceAll(filter -> filter instanceof BeanDefinition inner ? withoutCacheFilter(inner) : filter);
        return definition;
    }

    /** The filter list one of Spring Security's wrappers is built with, or null for any other definition. */
    @SuppressWarnings("unchecked")
    private static List<Object> wrappedFilters(BeanDefinition definition) {
        if (!CACHE_WRAPPER.equals(definition.getBeanClassName()) && !PATH_WRAPPER.equals(definition.getBeanClassName())
                || definition.getConstructorArgumentValues().getArgumentCount() != 1) {
            return null;
        }
        ValueHolder filters = definition.getConstructorArgumentValues().getIndexedArgumentValues().get(0);
        return filters != null && filters.getValue() instanceof List<?> list ? (List<Object>) list : null;
    }
}
