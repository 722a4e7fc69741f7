package dev.todo.localstack;

/** A component of the stack did not come up; the message names it and says what to do. */
public class StackStartupException extends RuntimeException {

    private final String component;

    public StackStartupException(String component, String message) {
        super(component + ": " + message);
        this.component = component;
    }

    public StackStartupException(String component, String message, Throwable cause) {
        super(component + ": " + message, cause);
        this.component = component;
    }

    public String component() {
        return component;
    }
}
