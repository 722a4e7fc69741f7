package dev.todo.common.web;

import java.util.List;

/** Input that passed JSON binding but breaks a rule; answered as 400 with an {@code errors} array. */
public class InvalidInputException extends RuntimeException {

    private final transient List<ProblemFieldError> errors;

    public InvalidInputException(String field, String message) {
        this(List.of(new ProblemFieldError(field, message)));
    }

    public InvalidInputException(List<ProblemFieldError> errors) {
        super(errors.isEmpty() ? "invalid input" : errors.get(0).field() + ": " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public List<ProblemFieldError> errors() {
        return errors;
    }
}
