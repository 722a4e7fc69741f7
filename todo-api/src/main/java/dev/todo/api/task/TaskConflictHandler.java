package dev.todo.api.task;

import dev.todo.common.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Two writers that both passed the If-Match check (or sent none) race; the version column lets only one
 * commit. The loser gets the same answer as a stale If-Match: 412, read again and retry.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TaskConflictHandler {

    private static final Logger log = LoggerFactory.getLogger(TaskConflictHandler.class);

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentUpdate(OptimisticLockingFailureException ex) {
        log.info("event=concurrent_update_refused reason=version_changed");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
                "The task was changed by another request at the same time; read it again and retry.");
        problem.setType(ProblemTypes.STALE_VERSION);
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
