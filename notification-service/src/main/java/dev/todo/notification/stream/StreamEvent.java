package dev.todo.notification.stream;

/** One row of the stream: its id is the SSE event id, its type the SSE event name. */
public record StreamEvent(long id, String userId, String type, String payloadJson) {

    public static final String NOTIFICATION = "notification";
    public static final String TASK_UPDATE = "task-update";
}
