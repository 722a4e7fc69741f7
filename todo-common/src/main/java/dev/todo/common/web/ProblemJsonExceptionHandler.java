package dev.todo.common.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.todo.common.recurrence.InvalidRecurrenceException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem+json for every error Spring MVC sees. The base class already turns the framework's
 * exceptions (404 unknown route, 405, 406, 415, missing parameters) into {@link ProblemDetail}s; this class
 * adds the {@code errors} array for validation, precise messages for unreadable JSON, 413 for a body cut off
 * by {@link RequestBodyLimitFilter}, and a 500 that never leaks internals.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemJsonExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonExceptionHandler.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ProblemFieldError> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new ProblemFieldError(snakeCase(error.getField()), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new ProblemFieldError(error.getObjectName(), error.getDefaultMessage())));
        return validationProblem(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ProblemFieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(
                    error -> errors.add(new ProblemFieldError(name, error.getDefaultMessage())));
        });
        return validationProblem(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (hasCause(ex, PayloadTooLargeException.class)) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "The request body is larger than the limit.", null);
        }
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return validationProblem(List.of(new ProblemFieldError(path(unknown), "unknown field")));
        }
        if (cause instanceof InvalidFormatException invalid) {
            String message = "has an invalid value";
            if (invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
                message = "must be one of " + Arrays.stream(invalid.getTargetType().getEnumConstants())
                        .map(Object::toString).collect(Collectors.joining(", "));
            } else if (invalid.getTargetType() != null) {
                message = "must be a valid " + simpleTypeName(invalid.getTargetType());
            }
            return validationProblem(List.of(new ProblemFieldError(path(invalid), message)));
        }
        if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            String type = mismatched.getTargetType() == null ? "value" : simpleTypeName(mismatched.getTargetType());
            return validationProblem(List.of(new ProblemFieldError(path(mismatched), "must be a " + type)));
        }
        if (cause instanceof JsonMappingException mapping && mapping.getCause() instanceof IllegalArgumentException iae
                && !mapping.getPath().isEmpty()) {
            // A record constructor or @JsonCreator refused the value; its message is written for users.
            return validationProblem(List.of(new ProblemFieldError(path(mapping), iae.getMessage())));
        }
        String detail = cause instanceof JsonProcessingException json
                ? "The request body is not valid JSON: " + json.getOriginalMessage()
                : "The request body is missing or unreadable.";
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_BODY, detail, null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
        String message = "has an invalid value";
        Class<?> type = ex.getRequiredType();
        if (type != null && type.isEnum()) {
            message = "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        } else if (type != null) {
            message = "must be a valid " + simpleTypeName(type);
        }
        return validationProblem(List.of(new ProblemFieldError(ex.getName(), message)));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalidInput(InvalidInputException ex) {
        return validationProblem(ex.errors());
    }

    @ExceptionHandler(InvalidRecurrenceException.class)
    ResponseEntity<Object> invalidRecurrence(InvalidRecurrenceException ex) {
        return validationProblem(List.of(new ProblemFieldError("recurrence_pattern", ex.getMessage())));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex) {
        List<ProblemFieldError> errors = ex.getConstraintViolations().stream()
                .map(v -> new ProblemFieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return validationProblem(errors);
    }

    /** A multipart Content-Type without a usable body (no boundary, say) is bad input, not a server error. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> malformedMultipart(MultipartException ex) {
        if (ex instanceof MaxUploadSizeExceededException) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "The request body is larger than the limit.", null);
        }
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_BODY,
                "The request body does not match its multipart Content-Type.", null);
    }

    /** Spring Security's firewall checks parameter names when they are first read, inside the handler. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException ex) {
        return problem(HttpStatus.BAD_REQUEST, null, ex.getMessage(), null);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException ex) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, ex.getMessage(), null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) throws Exception {
        if (ex instanceof org.springframework.security.access.AccessDeniedException
                || ex instanceof org.springframework.security.core.AuthenticationException) {
            throw ex; // Spring Security's filters answer these with 401/403 problems.
        }
        if (ex instanceof ErrorResponseException errorResponse) {
            return handleExceptionInternal(ex, errorResponse.getBody(), errorResponse.getHeaders(),
                    errorResponse.getStatusCode(), request);
        }
        if (hasCause(ex, PayloadTooLargeException.class)) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "The request body is larger than the limit.", null);
        }
        log.atError().setMessage("unhandled exception, answered 500").addKeyValue("event", "unhandled_exception")
                .setCause(ex).log();
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, null, "An unexpected error occurred.", null);
    }

    public static ResponseEntity<Object> validationProblem(List<ProblemFieldError> errors) {
        String detail = errors.isEmpty() ? "The request is invalid."
                : errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, detail, errors);
    }

    public static ResponseEntity<Object> problem(HttpStatus status, URI type, String detail,
            List<ProblemFieldError> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        if (type != null) {
            body.setType(type);
        }
        if (errors != null) {
            body.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    private static String path(JsonMappingException ex) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : ex.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String simpleTypeName(Class<?> type) {
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "RFC 3339 date-time";
        }
        return type.getSimpleName();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return snakeCase(dot < 0 ? propertyPath : propertyPath.substring(dot + 1));
    }

    /** Bean Validation reports Java names; the API's JSON is snake_case (SPEC §2). */
    static String snakeCase(String javaName) {
        return javaName == null ? null : javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
