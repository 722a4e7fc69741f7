package dev.todo.common.test;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at the shared embedded PostgreSQL:
 * {@code @ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)}. The database is named by
 * {@code todo.test.database} (default {@code test}).
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String database = context.getEnvironment().getProperty("todo.test.database", "test");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", SharedPostgres.jdbcUrl(database),
                "spring.datasource.username", SharedPostgres.username(),
                "spring.datasource.password", SharedPostgres.password())));
    }
}
