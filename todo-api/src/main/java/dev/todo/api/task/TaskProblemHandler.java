package dev.todo.api.task;

import dev.todo.common.web.ProblemJsonExceptionHandler;
import dev.todo.common.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * todo-api's domain exceptions as problem+json, all in this one place (input errors are todo-common's
 * ProblemJsonExceptionHandler's, a stale If-Match is {@link ETags}'). Two writers that both passed the If-Match check (or sent none) race; the version column lets only one
 * commit. The loser gets the same answer as a stale If-Match: 412, read again and retry.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TaskProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(TaskProblemHandler.class);

    /** Another user's task answers exactly like a missing one (SPEC §2). */
    @ExceptionHandler(TaskNotFoundException.class)
    ResponseEntity<Object> taskNotFound(TaskNotFoundException ex) {
        return ProblemJsonExceptionHandler.problem(HttpStatus.NOT_FOUND, null, ex.getMessage(), null);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<Object> concurrentUpdate(OptimisticLockingFailureException ex) {
        log.atInfo().setMessage("concurrent update refused, the version changed")
                .addKeyValue("event", "concurrent_update_refused").addKeyValue("reason", "version_changed").log();
        return ProblemJsonExceptionHandler.problem(HttpStatus.PRECONDITION_FAILED, ProblemTypes.STALE_VERSION,
                "The task was changed by another request at the same time; read it again and retry.", null);
    }

    @ExceptionHandler(NextOccurrenceConflictException.class)
    ResponseEntity<Object> nextOccurrenceConflict(NextOccurrenceConflictException ex) {
        return ProblemJsonExceptionHandler.problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, ex.getMessage(), null);
    }

    /** recurring-service takes this type as "done, nothing changed": never retried, never dead-lettered. */
    @ExceptionHandler(SourceTaskDisagreesException.class)
    ResponseEntity<Object> sourceTaskDisagrees(SourceTaskDisagreesException ex) {
        log.atWarn().setMessage("task event not backed by the task's state")
                .addKeyValue("event", "task_event_not_backed")
                .addKeyValue("detail", ex.getMessage()).log();
        return ProblemJsonExceptionHandler.problem(HttpStatus.CONFLICT, ProblemTypes.STALE_EVENT, ex.getMessage(),
                null);
    }

    @ExceptionHandler(NoNextOccurrenceException.class)
    ResponseEntity<Object> noNextOccurrence(NoNextOccurrenceException ex) {
        return ProblemJsonExceptionHandler.problem(HttpStatus.NOT_FOUND, null, ex.getMessage(), null);
    }
}
