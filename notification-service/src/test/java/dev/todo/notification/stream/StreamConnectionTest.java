package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class StreamConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ExecutorService sender = Executors.newCachedThreadPool();
    private final RecordingEmitter emitter = new RecordingEmitter();
    private final AtomicInteger ends = new AtomicInteger();

    @AfterEach
    void stop() {
        emitter.unblock();
        sender.shutdownNow();
    }

    @Test
    void eventsGoOutInOrderAfterTheOpeningCommentAndTheReplay() {
        StreamConnection connection = connection(8);
        connection.start(() -> List.of(event(1), event(2)));
        connection.offer(event(2));
        connection.offer(event(3));

        await().atMost(WAIT).until(() -> emitter.sent.size() == 4);
        assertThat(emitter.sent).containsExactly("comment", "1", "2", "3");
    }

    @Test
    void offeringNeverWaitsForAStalledClientAndAFullQueueDropsIt() throws Exception {
        emitter.block();
        StreamConnection connection = connection(2);
        connection.start(List::of);
        assertThat(emitter.blocked.await(5, TimeUnit.SECONDS)).as("the opening comment hangs").isTrue();

        long started = System.nanoTime();
        assertThat(connection.offer(event(1))).isTrue();
        assertThat(connection.offer(event(2))).isTrue();
        assertThat(connection.offer(event(3))).as("the queue is full").isFalse();
        assertThat(connection.offer(event(4))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(ends).as("the slot stays taken while a write is in progress").hasValue(0);

        emitter.unblock();
        await().atMost(WAIT).until(() -> ends.get() == 1);
        assertThat(emitter.completedWith.get()).isInstanceOf(StreamConnection.SlowClientException.class);
        assertThat(emitter.sent).doesNotContain("1", "2", "3");
    }

    @Test
    void aClientGoneOnWriteEndsTheStreamOnceWithoutCompletingIt() {
        StreamConnection connection = connection(8);
        connection.start(List::of);
        await().atMost(WAIT).until(() -> emitter.sent.size() == 1);
        emitter.failing = true;

        connection.offer(event(1));
        await().atMost(WAIT).until(() -> ends.get() == 1);
        assertThat(connection.offer(event(2))).isFalse();
        connection.ended();
        assertThat(ends).hasValue(1);
        assertThat(emitter.completedWith.get()).isNull();
        assertThat(emitter.completedNormally).isFalse();
    }

    @Test
    void closingCompletesTheStreamNormally() {
        StreamConnection connection = connection(8);
        connection.start(List::of);
        connection.close();

        await().atMost(WAIT).until(() -> ends.get() == 1);
        assertThat(emitter.completedNormally).isTrue();
        assertThat(connection.offer(event(1))).isFalse();
    }

    @Test
    void heartbeatsAreQueuedLikeEvents() {
        StreamConnection connection = connection(8);
        connection.start(List::of);
        connection.heartbeat();

        await().atMost(WAIT).until(() -> emitter.sent.size() == 2);
        assertThat(emitter.sent).containsExactly("comment", "comment");
    }

    @Test
    void aFailedReplayEndsTheStreamSoTheClientRetries() {
        StreamConnection connection = connection(8);
        connection.start(() -> {
            throw new IllegalStateException("database down");
        });

        await().atMost(WAIT).until(() -> ends.get() == 1);
        assertThat(emitter.completedWith.get()).hasMessage("database down");
    }

    private StreamConnection connection(int capacity) {
        return new StreamConnection("alice", emitter, capacity, sender, c -> ends.incrementAndGet());
    }

    private static StreamEvent event(long id) {
        return new StreamEvent(id, "alice", StreamEvent.TASK_UPDATE, "{\"n\":" + id + "}");
    }

    /** Records what would reach the client: the event id, or "comment" for a comment line. */
    private static final class RecordingEmitter extends SseEmitter {

        final List<String> sent = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> completedWith = new AtomicReference<>();
        final CountDownLatch blocked = new CountDownLatch(1);
        volatile boolean completedNormally;
        volatile boolean failing;
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void block() {
            gate = new CountDownLatch(1);
        }

        void unblock() {
            gate.countDown();
        }

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            if (gate.getCount() > 0) {
                blocked.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failing) {
                throw new IOException("Broken pipe");
            }
            List<String> lines = new ArrayList<>();
            builder.build().forEach(part -> lines.add(String.valueOf(part.getData())));
            String text = String.join("", lines);
            sent.add(text.startsWith(":") ? "comment" : text.substring(text.indexOf("id:") + 3, text.indexOf('\n')));
        }

        @Override
        public void complete() {
            completedNormally = true;
        }

        @Override
        public void completeWithError(Throwable error) {
            completedWith.set(error);
        }
    }
}
