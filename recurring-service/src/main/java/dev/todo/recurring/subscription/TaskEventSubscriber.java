package dev.todo.recurring.subscription;

import dev.todo.common.events.TaskEvent;
import dev.todo.common.events.Topics;
import dev.todo.common.pubsub.CloudEventReader;
import dev.todo.common.pubsub.DaprAppResponse;
import dev.todo.common.pubsub.PoisonMessageException;
import dev.todo.recurring.occurrence.Outcome;
import dev.todo.recurring.occurrence.RejectedEventException;
import dev.todo.recurring.occurrence.TaskEventHandler;
import dev.todo.recurring.occurrence.TransientFailureException;
import io.dapr.Topic;
import io.dapr.client.domain.CloudEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Dapr delivers {@code task-events} here. */
@RestController
class TaskEventSubscriber {

    static final String ROUTE = "/events/task-events";
    private static final Logger log = LoggerFactory.getLogger(TaskEventSubscriber.class);

    private final CloudEventReader reader;
    private final TaskEventHandler handler;

    TaskEventSubscriber(CloudEventReader reader, TaskEventHandler handler) {
        this.reader = reader;
        this.handler = handler;
    }

    @Topic(name = Topics.TASK_EVENTS, pubsubName = Topics.PUBSUB, deadLetterTopic = Topics.TASK_EVENTS_DLQ)
    @PostMapping(path = ROUTE)
    ResponseEntity<DaprAppResponse> onTaskEvent(@RequestBody(required = false) byte[] body) {
        CloudEvent<TaskEvent> cloudEvent;
        try {
            cloudEvent = reader.read(body, TaskEvent.class, TaskEvent::problems);
        } catch (PoisonMessageException e) {
            log.atError().setMessage("poison task event dropped to the dead-letter topic")
                    .addKeyValue("event", "poison_dropped")
                    .addKeyValue("topic", Topics.TASK_EVENTS).addKeyValue("dead_letter_topic", Topics.TASK_EVENTS_DLQ)
                    .addKeyValue("cloud_event_id", e.cloudEventId()).addKeyValue("reason", e.getMessage()).log();
            return DaprAppResponse.drop();
        }
        TaskEvent event = cloudEvent.getData();
        try {
            Outcome outcome = handler.handle(event);
            log.atInfo().setMessage("task event handled").addKeyValue("event", "task_event_handled")
                    .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", event.taskId())
                    .addKeyValue("user_id", event.userId()).addKeyValue("event_type", event.eventType().wireName())
                    .addKeyValue("outcome", outcome).log();
            return DaprAppResponse.success();
        } catch (TransientFailureException e) {
            log.atWarn().setMessage("task event not handled yet, asking Dapr to retry")
                    .addKeyValue("event", "task_event_retry")
                    .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", event.taskId())
                    .addKeyValue("user_id", event.userId()).addKeyValue("error", e.getMessage()).log();
            return DaprAppResponse.retry();
        } catch (RejectedEventException e) {
            log.atError().setMessage("task event rejected, dropped to the dead-letter topic")
                    .addKeyValue("event", "task_event_rejected")
                    .addKeyValue("dead_letter_topic", Topics.TASK_EVENTS_DLQ)
                    .addKeyValue("event_id", event.eventId()).addKeyValue("task_id", event.taskId())
                    .addKeyValue("user_id", event.userId()).addKeyValue("reason", e.getMessage()).log();
            return DaprAppResponse.drop();
        }
    }
}
