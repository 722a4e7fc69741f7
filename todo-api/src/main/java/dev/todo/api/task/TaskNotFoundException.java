package dev.todo.api.task;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 404: the task does not exist or belongs to someone else; the answer is the same for both. */
public class TaskNotFoundException extends ErrorResponseException {

    public TaskNotFoundException(long id) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Task " + id + " was not found."), null);
    }
}
