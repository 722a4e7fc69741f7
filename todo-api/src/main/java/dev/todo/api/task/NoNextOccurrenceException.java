package dev.todo.api.task;

/** The task's series has no occurrence after it (never created, or already removed): 404. */
public class NoNextOccurrenceException extends RuntimeException {

    public NoNextOccurrenceException(long taskId) {
        super("Task " + taskId + " has no next occurrence.");
    }
}
