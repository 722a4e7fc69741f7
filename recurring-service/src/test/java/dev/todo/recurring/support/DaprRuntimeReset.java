package dev.todo.recurring.support;

import java.lang.reflect.Field;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * dapr-sdk-springboot 1.16 collects every {@code @Topic} into one JVM-wide {@code DaprRuntime} and refuses a
 * routing rule's priority the second time it sees it. A service starts one context per JVM; a test JVM starts
 * one per test configuration, so each starts from an empty registry (its beans register their topics again).
 */
public class DaprRuntimeReset implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        try {
            Field instance = Class.forName("io.dapr.springboot.DaprRuntime").getDeclaredField("instance");
            instance.setAccessible(true);
            instance.set(null, null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Dapr SDK's subscription registry changed shape: revisit this reset", e);
        }
    }
}
