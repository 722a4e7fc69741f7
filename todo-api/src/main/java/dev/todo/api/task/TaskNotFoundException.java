package dev.todo.api.task;

/** The task does not exist or belongs to someone else; the answer is the same for both (404). */
public class TaskNotFoundException extends RuntimeException {

    public TaskNotFoundException(long id) {
        super("Task " + id + " was not found.");
    }
}
