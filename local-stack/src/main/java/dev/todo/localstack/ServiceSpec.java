package dev.todo.localstack;

import java.util.List;
import java.util.Optional;

/** One service of the platform and its sidecar's ports (docs/CONVENTIONS.md). */
public record ServiceSpec(String appId, int appPort, int daprHttpPort, int daprGrpcPort, int daprMetricsPort,
                          Optional<String> database) {

    public static final ServiceSpec TODO_API = new ServiceSpec("todo-api", 8080, 3500, 25001, 9191, Optional.of("todo_api"));
    public static final ServiceSpec NOTIFICATION_SERVICE =
            new ServiceSpec("notification-service", 8081, 3501, 25002, 9192, Optional.of("notification"));
    public static final ServiceSpec RECURRING_SERVICE =
            new ServiceSpec("recurring-service", 8082, 3502, 25003, 9193, Optional.empty());

    public static final List<ServiceSpec> ALL = List.of(TODO_API, NOTIFICATION_SERVICE, RECURRING_SERVICE);

    /** The Maven module, and so the jar name, is the app id. */
    public String module() {
        return appId;
    }

    public String appUrl() {
        return "http://127.0.0.1:" + appPort;
    }

    public String daprHttpUrl() {
        return "http://127.0.0.1:" + daprHttpPort;
    }
}
