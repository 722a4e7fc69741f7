package dev.todo.api;

import dev.todo.common.security.DevToken;
import dev.todo.common.test.SharedPostgres;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.SpringApplication;

/**
 * Development only: todo-api alone on an embedded PostgreSQL, no Dapr sidecar needed for the REST API (the
 * outbox relay is off, so events are recorded but not published).
 * <pre>./mvnw -q -f todo-api/pom.xml exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.todo.api.LocalTodoApi</pre>
 * Uses BETTER_AUTH_SECRET when set, else the documented development secret below, and prints a token for
 * {@code demo-user}. The full system (Kafka, daprd, all services) is started by the local-stack launcher.
 */
public final class LocalTodoApi {

    /** Documented development secret (README); never used by a deployed service, which has no default. */
    public static final String DEV_SECRET = "local-development-secret-0123456789abcdef";

    private LocalTodoApi() {
    }

    public static void main(String[] args) throws Exception {
        String secret = System.getenv().getOrDefault("BETTER_AUTH_SECRET", DEV_SECRET);
        String jdbcUrl = SharedPostgres.jdbcUrl("todo_api");
        System.setProperty("spring.datasource.url", jdbcUrl);
        System.setProperty("spring.datasource.username", SharedPostgres.username());
        System.setProperty("spring.datasource.password", SharedPostgres.password());
        System.setProperty("todo.security.jwt-secret", secret);
        System.setProperty("todo.dapr.sidecar-health-enabled", "false");
        // No sidecar and so no app token: the explicit local-development switch lets it start without one.
        System.setProperty("todo.security.local-development", "true");
        // alone there is no sidecar to publish to: events stay in the outbox (GET .../history shows them)
        System.setProperty("todo.outbox.relay.enabled", "false");
        System.setProperty("todo.reminder.jobs.enabled", "false");
        SpringApplication.run(TodoApiApplication.class, args);
        String port = System.getProperty("server.port", System.getenv().getOrDefault("SERVER_PORT", "8080"));
        String token = DevToken.token(secret, "demo-user", Duration.ofHours(12), Instant.now());
        System.out.println();
        System.out.println("todo-api:   http://localhost:" + port + "  (Swagger UI: /swagger-ui.html)");
        System.out.println("database:   " + jdbcUrl + " (user postgres)");
        System.out.println("user:       demo-user");
        System.out.println("TOKEN=" + token);
        System.out.println("curl -H \"Authorization: Bearer $TOKEN\" http://localhost:" + port + "/api/demo-user/tasks");
    }
}
