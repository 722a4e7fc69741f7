package dev.todo.common.web;

/** One entry of a validation problem's {@code errors} array. */
public record ProblemFieldError(String field, String message) {
}
