package dev.todo.api.reminder;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.tracing.TraceParents;
import io.micrometer.tracing.Span;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dapr calls {@code POST /job/{name}} when a scheduled job is due. Only the sidecar reaches this route (the
 * app token guards {@code /job/**}). A 2xx tells the Scheduler the job is done; an exception (database down)
 * answers 5xx so Dapr's job failure policy tries again. The firing runs in a span continuing the trace context
 * stored in the job's data (the task change that scheduled it), so the ReminderEvent's outbox row, its publish
 * and the notification land in the task's trace.
 */
@Hidden
@RestController
class JobCallbackController {

    private static final Logger log = LoggerFactory.getLogger(JobCallbackController.class);
    private static final Pattern REMINDER = Pattern.compile("reminder-(\\d{1,18})");

    private final ReminderFiring firing;
    private final TraceParents traceParents;
    private final ObjectMapper objectMapper;

    JobCallbackController(ReminderFiring firing, TraceParents traceParents, ObjectMapper objectMapper) {
        this.firing = firing;
        this.traceParents = traceParents;
        this.objectMapper = objectMapper;
    }

    @PostMapping("/job/{name}")
    ResponseEntity<Map<String, String>> jobDue(@PathVariable String name, @RequestBody(required = false) byte[] data) {
        Matcher matcher = REMINDER.matcher(name);
        if (!matcher.matches()) {
            // Retrying a job this app does not know would never succeed.
            log.atWarn().setMessage("unknown job fired").addKeyValue("event", "job_unknown")
                    .addKeyValue("job", name).log();
            return ResponseEntity.ok(Map.of("outcome", "UNKNOWN_JOB"));
        }
        long taskId = Long.parseLong(matcher.group(1));
        ReminderFiring.Outcome outcome = traceParents.inSpanContinuing(traceparent(data), "reminder fired",
                Span.Kind.CONSUMER, () -> firing.fire(taskId));
        return ResponseEntity.ok(Map.of("outcome", outcome.name()));
    }

    /** Unreadable or missing data (a job scheduled before tracing) costs the trace link, never the reminder. */
    private String traceparent(byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        try {
            return objectMapper.readValue(data, ReminderJobData.class).traceparent();
        } catch (IOException e) {
            log.atWarn().setMessage("reminder job data unreadable, firing without its trace")
                    .addKeyValue("event", "job_data_unreadable").addKeyValue("error", e.getMessage()).log();
            return null;
        }
    }
}
