package dev.todo.api.task;

import dev.todo.common.web.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** ETag = the task's version; If-Match guards writes against lost updates (412 when stale). */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Passes when there is no If-Match, when it is {@code *}, or when one of its tags (weak or strong) names
     * the current version.
     */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = Long.toString(currentVersion);
        for (String tag : ifMatch.split(",")) {
            String value = tag.strip();
            if (value.equals("*")) {
                return;
            }
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.equals(current)) {
                return;
            }
        }
        throw stale(currentVersion);
    }

    public static ErrorResponseException stale(long currentVersion) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
                "The task has changed since you read it; it is now at version " + currentVersion
                        + ". Read it again and retry with its new ETag.");
        problem.setType(ProblemTypes.STALE_VERSION);
        return new ErrorResponseException(HttpStatus.PRECONDITION_FAILED, problem, null);
    }
}
