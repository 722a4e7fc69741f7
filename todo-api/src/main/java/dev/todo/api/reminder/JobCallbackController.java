package dev.todo.api.reminder;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dapr calls {@code POST /job/{name}} when a scheduled job is due. Only the sidecar reaches this route (the
 * app token guards {@code /job/**}). A 2xx tells the Scheduler the job is done; an exception (database down)
 * answers 5xx so Dapr's job failure policy tries again.
 */
@Hidden
@RestController
class JobCallbackController {

    private static final Logger log = LoggerFactory.getLogger(JobCallbackController.class);
    private static final Pattern REMINDER = Pattern.compile("reminder-(\\d{1,18})");

    private final ReminderFiring firing;

    JobCallbackController(ReminderFiring firing) {
        this.firing = firing;
    }

    @PostMapping("/job/{name}")
    ResponseEntity<Map<String, String>> jobDue(@PathVariable String name) {
        Matcher matcher = REMINDER.matcher(name);
        if (!matcher.matches()) {
            // Retrying a job this app does not know would never succeed.
            log.atWarn().setMessage("unknown job fired").addKeyValue("event", "job_unknown")
                    .addKeyValue("job", name).log();
            return ResponseEntity.ok(Map.of("outcome", "UNKNOWN_JOB"));
        }
        ReminderFiring.Outcome outcome = firing.fire(Long.parseLong(matcher.group(1)));
        return ResponseEntity.ok(Map.of("outcome", outcome.name()));
    }
}
