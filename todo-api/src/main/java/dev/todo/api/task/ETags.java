package dev.todo.api.task;

import dev.todo.common.events.TaskData;
import dev.todo.common.web.ProblemTypes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
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
     * A weak ETag of one list page: the total and each listed task's id and version, so it changes when a task
     * on the page changes, one enters or leaves it (a filter such as {@code overdue} moves with the clock), or
     * the total changes. Weak because it names the page's content, not its exact bytes.
     */
    public static String ofPage(long total, List<TaskData> tasks) {
        StringBuilder content = new StringBuilder().append(total);
        for (TaskData task : tasks) {
            content.append('|').append(task.id()).append(':').append(task.version());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
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
