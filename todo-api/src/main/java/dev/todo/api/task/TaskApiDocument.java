package dev.todo.api.task;

import dev.todo.common.events.TaskEvent;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What the task routes' document needs beyond annotations: the IANA zone names as an enum, the rule that
 * recurrence and reminders need due_at, the merge-patch body, and the list's query parameters (read from one
 * map by {@link TaskListQuery}). Patterns here mirror {@link TaskInputParser}: a value that matches one is
 * accepted, so generated clients and fuzzers send only what the API takes.
 */
@Component
@Order(0) // before the shared rules, which read the parameters added here
class TaskApiDocument implements OpenApiCustomizer {

    /** Not blank after trimming, no ISO control character (TaskInputParser.hasControlCharacters). */
    static final String SINGLE_LINE = "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F]"
            + "[^\\u0000-\\u001F\\u007F-\\u009F]*$";
    /** Line breaks and tabs allowed. */
    static final String MULTI_LINE = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";
    /** Like a title, and no comma (tags are stored comma-free). */
    static final String TAG = "^[^,\\u0000-\\u001F\\u007F-\\u009F]*[^\\s,\\u0000-\\u001F\\u007F-\\u009F]"
            + "[^,\\u0000-\\u001F\\u007F-\\u009F]*$";
    /**
     * RFC 3339 with the year kept inside 1900-9999 in any zone (hence 1901-9998). The format date-time keeps
     * generated values real dates.
     */
    static final String DUE_AT = "^(190[1-9]|19[1-9][0-9]|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9])"
            + "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?"
            + "(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])$";

    /**
     * The presets, or a daily/weekly/monthly/yearly RRULE with an interval and a count; empty means none. A
     * YEARLY interval stops at 50, the cost bound's longest period (RecurrenceCost), so every match is accepted.
     */
    static final String RECURRENCE = "^(|daily|weekdays|weekly|monthly|yearly|(RRULE:)?(FREQ=(DAILY|WEEKLY|MONTHLY)"
            + "(;INTERVAL=[1-9][0-9]?)?|FREQ=YEARLY(;INTERVAL=([1-9]|[1-4][0-9]|50))?)(;COUNT=[1-9][0-9]?)?)$";
    /**
     * Up to P359D, or hours (up to 8779, how the API writes days back) and minutes, or PT0S; empty means none.
     * Every match lies within PT0S-P366D.
     */
    static final String REMINDER_OFFSET = "^(|P([0-9]{1,2}|[12][0-9]{2}|3[0-5][0-9])D|PT0S"
            + "|PT([0-7]?[0-9]{1,3}|8[0-6][0-9]{2}|87[0-7][0-9])H([0-9]{1,2}M)?|PT[0-9]{1,4}M)$";

    private static final Pattern TASK_ROUTE = Pattern.compile("^/api/\\{[^}]+}/tasks/\\{id}$");
    private static final Pattern LIST_ROUTE = Pattern.compile("^/api/\\{[^}]+}/tasks$");

    private final int defaultPageSize;
    private final int maxPageSize;

    TaskApiDocument(@Value("${todo.tasks.default-page-size:20}") int defaultPageSize,
            @Value("${todo.tasks.max-page-size:200}") int maxPageSize) {
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Schema<?> request = schemas.get("TaskRequest");
        if (request == null) {
            return;
        }
        Schema<String> zone = (Schema<String>) request.getProperties().get("time_zone");
        zone.setEnum(ZoneId.getAvailableZoneIds().stream()
                .filter(name -> name.length() <= TaskInputParser.MAX_ZONE).sorted().toList());
        // OpenAPI 3.0 has no dependentRequired: either due_at is set, or neither rule that needs it is.
        request.anyOf(List.of(dueAtSet(), new ObjectSchema().properties(withoutDueRules())));

        // Whether a merge patch may set a recurrence without due_at depends on the stored task: no static rule.
        Schema<?> patch = new ObjectSchema()
                .description("JSON merge patch (RFC 7396) of a TaskRequest: null removes a field, a missing one "
                        + "is kept. The merged task must be valid: recurrence and a reminder need due_at.")
                .properties(new LinkedHashMap<>(request.getProperties()));
        schemas.put("TaskPatch", patch);
        schemas.remove("JsonNode"); // the Java type of the merge patch and of stored events, replaced below

        api.getPaths().forEach((path, item) -> {
            if (TASK_ROUTE.matcher(path).matches() && item.getPatch() != null) {
                item.getPatch().getRequestBody().getContent().values()
                        .forEach(media -> media.setSchema(new Schema<>().$ref("#/components/schemas/TaskPatch")));
            }
            if (LIST_ROUTE.matcher(path).matches() && item.getGet() != null) {
                listParameters(item.getGet());
            }
            if (path.endsWith("/history") && item.getGet() != null) {
                // stored events are read back as JSON trees; they are TaskEvents
                ModelConverters.getInstance().readAll(TaskEvent.class).forEach(schemas::putIfAbsent);
                item.getGet().getResponses().get("200").getContent().values().forEach(media -> media.setSchema(
                        new ArraySchema().items(new Schema<>().$ref("#/components/schemas/TaskEvent"))));
            }
            if (path.endsWith("/occurrences") && item.getGet() != null) {
                item.getGet().getParameters().stream().filter(p -> "count".equals(p.getName()))
                        .forEach(p -> p.schema(new IntegerSchema().minimum(BigDecimal.ONE)
                                .maximum(BigDecimal.valueOf(100))._default(5)));
            }
        });
    }

    private static Schema<?> dueAtSet() {
        return new ObjectSchema().required(List.of("due_at"))
                .addProperty("due_at", new StringSchema().format("date-time").pattern(DUE_AT));
    }

    private static Map<String, Schema> withoutDueRules() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("recurrence_pattern", new StringSchema().maxLength(0).nullable(true));
        properties.put("reminder_offset", new StringSchema().maxLength(0).nullable(true));
        return properties;
    }

    private void listParameters(Operation list) {
        List<Parameter> parameters = List.of(
                query("status", new StringSchema()._enum(List.of("all", "pending", "completed"))._default("all")),
                query("priority", new ArraySchema().items(new StringSchema()._enum(List.of("low", "medium", "high"))))
                        .description("Repeatable; any of them matches."),
                query("tag", new ArraySchema().maxItems(TaskInputParser.MAX_TAGS).items(new StringSchema()
                        .minLength(1).maxLength(TaskInputParser.MAX_TAG).pattern(SINGLE_LINE)))
                        .description("Repeatable; a task must have all of them."),
                query("q", new StringSchema().maxLength(TaskListQuery.MAX_Q).pattern(
                        "^[^\\u0000-\\u001F\\u007F-\\u009F]*$"))
                        .description("Words to find in title and description."),
                query("due_from", new StringSchema().format("date-time").pattern(DUE_AT))
                        .description("Due at or after (inclusive); not after due_to."),
                query("due_to", new StringSchema().format("date-time").pattern(DUE_AT))
                        .description("Due at or before (inclusive)."),
                query("overdue", new BooleanSchema()).description("true: only open tasks whose due_at is past."),
                query("sort", new StringSchema()._enum(List.of("due_at", "priority", "title", "created_at",
                        "updated_at"))._default("created_at")),
                query("order", new StringSchema()._enum(List.of("asc", "desc")))
                        .description("Default: desc for created_at, updated_at and priority; asc otherwise."),
                query("page", new IntegerSchema().minimum(BigDecimal.ZERO)
                        .maximum(BigDecimal.valueOf(TaskListQuery.MAX_PAGE))._default(0)).description("0-based."),
                query("size", new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(maxPageSize))
                        ._default(defaultPageSize)));
        list.setParameters(new java.util.ArrayList<>(list.getParameters() == null ? List.of() : list.getParameters()));
        list.getParameters().removeIf(p -> "query".equals(p.getIn()));
        list.getParameters().addAll(parameters);
    }

    private static Parameter query(String name, Schema<?> schema) {
        return new QueryParameter().name(name).required(false).schema(schema);
    }
}
