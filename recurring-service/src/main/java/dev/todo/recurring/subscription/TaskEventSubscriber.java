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
            log.error("poison task event dropped to {} cloud_event_id={} reason=\"{}\"",
                    Topics.TASK_EVENTS_DLQ, e.cloudEventId(), e.getMessage());
            return DaprAppResponse.drop();
        }
        TaskEvent event = cloudEvent.getData();
        try {
            Outcome outcome = handler.handle(event);
            log.info("task event handled event_id={} task_id={} event_type={} outcome={}",
                    event.eventId(), event.taskId(), event.eventType().wireName(), outcome);
            return DaprAppResponse.success();
        } catch (TransientFailureException e) {
            log.warn("task event not handled yet, asking Dapr to retry event_id={} task_id={} error=\"{}\"",
                    event.eventId(), event.taskId(), e.getMessage());
            return DaprAppResponse.retry();
        } catch (RejectedEventException e) {
            log.error("task event rejected, dropped to {} event_id={} task_id={} reason=\"{}\"",
                    Topics.TASK_EVENTS_DLQ, event.eventId(), event.taskId(), e.getMessage());
            return DaprAppResponse.drop();
        }
    }
}
