package dev.todo.notification.support;

import dev.todo.common.test.EmbeddedPostgresInitializer;
import dev.todo.common.test.TestJwts;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a random port and a real PostgreSQL (embedded, shared by the test JVM). Tests
 * with this annotation share one application context; they keep apart by using their own users and
 * task ids. Retry timings are shortened so failure paths finish in seconds.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "todo.test.database=notification_it",
        "todo.security.jwt-secret=" + TestJwts.SECRET,
        "todo.security.app-api-token=" + NotificationIT.APP_TOKEN,
        "todo.dapr.sidecar-health-enabled=false",
        "notification.delivery.poll-interval=PT0.2S",
        "notification.delivery.initial-backoff=PT0.5S",
        "notification.delivery.max-backoff=PT2S",
        "notification.stream.heartbeat=PT1S"})
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
public @interface NotificationIT {

    String APP_TOKEN = "it-app-token";
}
