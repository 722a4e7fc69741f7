package dev.todo.notification.stream;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open SSE response, written by one task at a time on the shared sender executor (a small actor):
 * the listener thread only puts events into this connection's bounded queue and never waits for a
 * client. A client too slow to empty its queue is dropped; its browser reconnects with Last-Event-ID
 * and resumes from the stream log, so it misses nothing.
 *
 * <p>Only the draining task touches the emitter (sends and completes it): Spring's emitter serializes
 * writes with a lock, so completing it from another thread would wait behind a write blocked on a
 * stalled socket. Replay on connect and live events can overlap, so the connection remembers the ids
 * it sent recently and sends each event once.
 */
class StreamConnection {

    /** Why a slow client's stream ends; the browser's EventSource reconnects on it. */
    static final class SlowClientException extends IOException {
        SlowClientException() {
            super("the client did not keep up with its stream");
        }
    }

    private enum State { OPEN, CLOSING, DROPPED, ENDED }

    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);
    private static final int REMEMBERED_IDS = 2048;
    private static final StreamEvent HEARTBEAT = new StreamEvent(0, "", "", "");

    private final String userId;
    private final SseEmitter emitter;
    private final BlockingQueue<StreamEvent> queue;
    private final Executor sender;
    private final Consumer<StreamConnection> onEnd;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    // only the draining task reads or writes these; the scheduling flag orders successive tasks
    private final Set<Long> sentIds = new LinkedHashSet<>();
    private Supplier<List<StreamEvent>> replay;

    /** @param onEnd called once, however the stream ends: the slot it held is free again */
    StreamConnection(String userId, SseEmitter emitter, int queueCapacity, Executor sender,
                     Consumer<StreamConnection> onEnd) {
        this.userId = userId;
        this.emitter = emitter;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.sender = sender;
        this.onEnd = onEnd;
    }

    String userId() {
        return userId;
    }

    /**
     * Sends an opening comment (so the client sees the stream open at once), then what {@code replay}
     * returns, then live events. Call once, after the connection can receive live events.
     */
    void start(Supplier<List<StreamEvent>> replay) {
        this.replay = replay;
        schedule();
    }

    /** Never blocks. @return false when this connection takes no more events (dropped or ended) */
    boolean offer(StreamEvent event) {
        if (state.get() != State.OPEN) {
            return false;
        }
        if (!queue.offer(event)) {
            if (state.compareAndSet(State.OPEN, State.DROPPED)) {
                log.atWarn().setMessage("stream dropped, the client does not keep up")
                        .addKeyValue("event", "stream_dropped")
                        .addKeyValue("user_id", userId).addKeyValue("queued", queue.size()).log();
            }
            schedule();
            return false;
        }
        schedule();
        return true;
    }

    boolean heartbeat() {
        return offer(HEARTBEAT);
    }

    /** Ends the stream normally once what is being written is out (shutdown). */
    void close() {
        if (state.compareAndSet(State.OPEN, State.CLOSING)) {
            schedule();
        }
    }

    int queued() {
        return queue.size();
    }

    /** Idempotent: the first of completion, timeout, error, a failed write, drop or close counts. */
    void ended() {
        if (state.getAndSet(State.ENDED) != State.ENDED) {
            queue.clear();
            onEnd.accept(this);
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                sender.execute(this::drain);
            } catch (RejectedExecutionException shuttingDown) {
                scheduled.set(false);
                ended();
            }
        }
    }

    private void drain() {
        try {
            if (replay != null) {
                Supplier<List<StreamEvent>> pending = replay;
                replay = null;
                if (!write(HEARTBEAT) || !replay(pending)) {
                    return;
                }
            }
            StreamEvent next;
            while (state.get() == State.OPEN && (next = queue.poll()) != null) {
                if (!write(next)) {
                    return;
                }
            }
            State now = state.get();
            if (now == State.CLOSING) {
                finish(null);
            } else if (now == State.DROPPED) {
                finish(new SlowClientException());
            }
        } finally {
            scheduled.set(false);
            State now = state.get();
            if (now == State.CLOSING || now == State.DROPPED || (now == State.OPEN && !queue.isEmpty())) {
                schedule();
            }
        }
    }

    private boolean replay(Supplier<List<StreamEvent>> pending) {
        List<StreamEvent> missed;
        try {
            missed = pending.get();
        } catch (RuntimeException e) {
            log.atWarn().setMessage("stream replay failed, ending the stream so the client retries")
                    .addKeyValue("event", "stream_replay_failed").addKeyValue("user_id", userId)
                    .addKeyValue("error", e.toString()).log();
            finish(e);
            return false;
        }
        for (StreamEvent event : missed) {
            if (!write(event)) {
                return false;
            }
        }
        return true;
    }

    /** @return false when the client is gone; the stream has then ended */
    private boolean write(StreamEvent event) {
        try {
            if (event == HEARTBEAT) {
                emitter.send(SseEmitter.event().comment("keep-alive"));
                return true;
            }
            if (!sentIds.add(event.id())) {
                return true;
            }
            if (sentIds.size() > REMEMBERED_IDS) {
                Iterator<Long> oldest = sentIds.iterator();
                oldest.next();
                oldest.remove();
            }
            emitter.send(SseEmitter.event()
                    .id(Long.toString(event.id()))
                    .name(event.type())
                    .data(event.payloadJson(), MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException e) {
            // The container reports a broken connection itself; completing the emitter here is not allowed.
            ended();
            return false;
        }
    }

    private void finish(Throwable error) {
        try {
            if (error == null) {
                emitter.complete();
            } else {
                emitter.completeWithError(error);
            }
        } catch (RuntimeException alreadyGone) {
            // the client disconnected meanwhile
        }
        ended();
    }
}
