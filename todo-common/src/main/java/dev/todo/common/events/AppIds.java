package dev.todo.common.events;

/** Dapr app ids; service invocation addresses apps by these names. */
public final class AppIds {

    public static final String TODO_API = "todo-api";
    public static final String NOTIFICATION_SERVICE = "notification-service";
    public static final String RECURRING_SERVICE = "recurring-service";

    private AppIds() {
    }
}
