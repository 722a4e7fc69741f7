package dev.todo.verifier.report;

/** One verdict about one object: what was checked, on what, and what was seen. */
public record Finding(String check, String subject, boolean passed, String detail) {

    public static Finding pass(String check, String subject, String detail) {
        return new Finding(check, subject, true, detail);
    }

    public static Finding fail(String check, String subject, String detail) {
        return new Finding(check, subject, false, detail);
    }
}
