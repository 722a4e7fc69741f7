package dev.todo.notification.stream;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open SSE response. Replay on connect and live pushes from the listener can race, so the
 * connection remembers the ids it sent recently and sends each event once.
 */
class StreamConnection {

    private static final int REMEMBERED_IDS = 2048;

    private final String userId;
    private final SseEmitter emitter;
    private final Set<Long> sentIds = new LinkedHashSet<>();
    private volatile boolean open = true;

    StreamConnection(String userId, SseEmitter emitter) {
        this.userId = userId;
        this.emitter = emitter;
    }

    String userId() {
        return userId;
    }

    SseEmitter emitter() {
        return emitter;
    }

    boolean isOpen() {
        return open;
    }

    void close() {
        open = false;
    }

    /** @return false when the client is gone */
    synchronized boolean send(StreamEvent event) {
        if (!open) {
            return false;
        }
        if (!sentIds.add(event.id())) {
            return true;
        }
        if (sentIds.size() > REMEMBERED_IDS) {
            Iterator<Long> oldest = sentIds.iterator();
            oldest.next();
            oldest.remove();
        }
        try {
            emitter.send(SseEmitter.event()
                    .id(Long.toString(event.id()))
                    .name(event.type())
                    .data(event.payloadJson(), MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            open = false;
            return false;
        }
    }

    synchronized boolean heartbeat() {
        if (!open) {
            return false;
        }
        try {
            emitter.send(SseEmitter.event().comment("keep-alive"));
            return true;
        } catch (IOException | IllegalStateException e) {
            open = false;
            return false;
        }
    }
}
