package dev.todo.api.task;

import dev.todo.common.web.InvalidInputException;
import dev.todo.common.web.ProblemFieldError;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The list endpoint's query parameters, checked (SPEC §2 "list"). */
public record TaskListQuery(
        Status status,
        Set<Priority> priorities,
        List<String> tags,
        String q,
        Instant dueFrom,
        Instant dueTo,
        boolean overdue,
        Sort sort,
        boolean descending,
        int page,
        int size) {

    public enum Status { ALL, PENDING, COMPLETED }

    /** Sort keys and the indexed SQL expression each one orders by. */
    public enum Sort {
        DUE_AT("due_at"), PRIORITY("priority_rank"), TITLE("lower(title)"), CREATED_AT("created_at"),
        UPDATED_AT("updated_at");

        final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    static final int MAX_Q = 200;
    static final int MAX_PAGE = 1_000_000;

    /** Builds the query from raw parameters, collecting every error. */
    public static TaskListQuery from(Map<String, List<String>> params, int defaultSize, int maxSize) {
        List<ProblemFieldError> errors = new ArrayList<>();
        Status status = enumParam(params, "status", Status.class, Status.ALL, "all, pending, completed", errors);
        Set<Priority> priorities = new LinkedHashSet<>();
        for (String value : params.getOrDefault("priority", List.of())) {
            try {
                priorities.add(Priority.fromWire(value));
            } catch (IllegalArgumentException e) {
                errors.add(new ProblemFieldError("priority", e.getMessage()));
            }
        }
        List<String> tags = new ArrayList<>();
        for (String value : params.getOrDefault("tag", List.of())) {
            String tag = value.strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty() || TaskInputParser.characters(tag) > TaskInputParser.MAX_TAG) {
                errors.add(new ProblemFieldError("tag", "must be 1 to " + TaskInputParser.MAX_TAG + " characters"));
            } else if (TaskInputParser.hasControlCharacters(tag, false)) {
                errors.add(new ProblemFieldError("tag", "must not contain control characters"));
            } else if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        if (tags.size() > TaskInputParser.MAX_TAGS) {
            errors.add(new ProblemFieldError("tag", "at most " + TaskInputParser.MAX_TAGS + " tags"));
        }
        String q = single(params, "q", errors);
        if (q != null) {
            q = q.strip();
            if (q.length() > MAX_Q) {
                errors.add(new ProblemFieldError("q", "must be at most " + MAX_Q + " characters"));
            } else if (TaskInputParser.hasControlCharacters(q, false)) {
                errors.add(new ProblemFieldError("q", "must not contain control characters"));
            }
            if (q.isEmpty()) {
                q = null;
            }
        }
        Instant dueFrom = instant(params, "due_from", errors);
        Instant dueTo = instant(params, "due_to", errors);
        if (dueFrom != null && dueTo != null && dueFrom.isAfter(dueTo)) {
            errors.add(new ProblemFieldError("due_from", "must not be after due_to"));
        }
        boolean overdue = false;
        String overdueValue = single(params, "overdue", errors);
        if (overdueValue != null) {
            if (overdueValue.equals("true")) {
                overdue = true;
            } else if (!overdueValue.equals("false")) {
                errors.add(new ProblemFieldError("overdue", "must be true or false"));
            }
        }
        Sort sort = enumParam(params, "sort", Sort.class, Sort.CREATED_AT,
                "due_at, priority, title, created_at, updated_at", errors);
        String order = single(params, "order", errors);
        boolean descending;
        if (order == null) {
            // newest first for timestamps of activity; soonest first for due dates; A-Z for titles
            descending = sort == Sort.CREATED_AT || sort == Sort.UPDATED_AT || sort == Sort.PRIORITY;
        } else if (order.equals("asc") || order.equals("desc")) {
            descending = order.equals("desc");
        } else {
            descending = false;
            errors.add(new ProblemFieldError("order", "must be asc or desc"));
        }
        int page = intParam(params, "page", 0, 0, MAX_PAGE, errors);
        int size = intParam(params, "size", defaultSize, 1, maxSize, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new TaskListQuery(status == null ? Status.ALL : status, priorities, tags, q, dueFrom, dueTo, overdue,
                sort == null ? Sort.CREATED_AT : sort, descending, page, size);
    }

    private static String single(Map<String, List<String>> params, String name, List<ProblemFieldError> errors) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            errors.add(new ProblemFieldError(name, "must be given at most once"));
        }
        return values.get(0);
    }

    private static <E extends Enum<E>> E enumParam(Map<String, List<String>> params, String name, Class<E> type,
            E fallback, String allowed, List<ProblemFieldError> errors) {
        String value = single(params, name, errors);
        if (value == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        errors.add(new ProblemFieldError(name, "must be one of " + allowed));
        return null;
    }

    private static int intParam(Map<String, List<String>> params, String name, int fallback, int min, int max,
            List<ProblemFieldError> errors) {
        String value = single(params, name, errors);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                errors.add(new ProblemFieldError(name, "must be between " + min + " and " + max));
                return fallback;
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(new ProblemFieldError(name, "must be an integer"));
            return fallback;
        }
    }

    private static Instant instant(Map<String, List<String>> params, String name, List<ProblemFieldError> errors) {
        String value = single(params, name, errors);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // a date-time without offset is read as UTC
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                errors.add(new ProblemFieldError(name, "must be an RFC 3339 date-time such as 2026-03-27T09:00:00Z"));
                return null;
            }
        }
    }
}
