package dev.todo.notification.stream;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class StreamController {

    private final StreamHub hub;

    StreamController(StreamHub hub) {
        this.hub = hub;
    }

    /**
     * Resumes after {@code Last-Event-ID}, or after {@code ?last_event_id=}: a ticket opens one stream only,
     * so a browser reopens with a new ticket in a new EventSource, which cannot set the header itself.
     */
    @GetMapping(path = "/api/{user_id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable("user_id") String userId,
                      @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId,
                      @RequestParam(name = "last_event_id", required = false) Long lastEventIdParameter) {
        return hub.connect(userId, lastEventId != null ? lastEventId : lastEventIdParameter);
    }
}
