package dev.todo.notification.stream;

import dev.todo.common.postgres.PgConnector;
import dev.todo.common.postgres.PgNotificationListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
/**
 * Makes every replica see every stream event: each replica holds one dedicated connection that
 * LISTENs on {@code stream_events} and pushes the notified rows to its local {@link StreamHub}.
 * The connection is outside the pool because it is held for the life of the process. After the
 * connection breaks, rows committed meanwhile are caught up by id.
 */
@Component
public class StreamEventListener implements SmartLifecycle {

    static final String CHANNEL = "stream_events";
    private static final Logger log = LoggerFactory.getLogger(StreamEventListener.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int CATCH_UP_BATCH = 500;

    private final PgNotificationListener listener;
    private final StreamEventStore store;
    private final StreamHub hub;
    private final StreamProperties properties;
    private volatile boolean running;
    private Thread thread;
    private long highestSeenId;

    public StreamEventListener(DataSourceProperties dataSource, StreamEventStore store, StreamHub hub,
                               StreamProperties properties) {
        this.listener = new PgNotificationListener(PgConnector.of(dataSource.determineUrl(),
                dataSource.determineUsername(), dataSource.determinePassword()), CHANNEL, properties.listenReconnect());
        this.store = store;
        this.hub = hub;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        highestSeenId = store.maxId();
        running = true;
        thread = new Thread(this::run, "stream-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs before the web server's graceful shutdown (higher phase), which would wait for open streams. */
    @Override
    public synchronized void stop() {
        running = false;
        hub.closeAll();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** True while the LISTEN connection is up; readiness and tests wait on it. */
    public boolean isListening() {
        return listener.isListening();
    }

    private void run() {
        while (running) {
            PgNotificationListener.Wake wake = listener.await(POLL);
            try {
                switch (wake.kind()) {
                    // notifications sent while no session listened are lost: read what was committed meanwhile
                    case CONNECTED -> catchUp();
                    case NOTIFIED -> deliver(wake.payloads());
                    default -> {
                        // timed out, or disconnected: the next await reconnects
                    }
                }
            } catch (RuntimeException e) {
                log.atWarn().setMessage("stream listener could not read stream events, reconnecting")
                        .addKeyValue("event", "stream_listener_disconnected")
                        .addKeyValue("error", e.toString()).log();
                // a new session catches up from highestSeenId, so nothing notified in between is skipped
                listener.close();
                // a pause between reconnect attempts, not a wait for a result
                LockSupport.parkNanos(properties.listenReconnect().toNanos());
            }
        }
        listener.close();
    }

    private void deliver(List<String> payloads) {
        List<Long> ids = new ArrayList<>(payloads.size());
        boolean foreign = false;
        for (String payload : payloads) {
            try {
                ids.addAll(StreamNotification.ids(payload));
            } catch (NumberFormatException e) {
                foreign = true;
                log.atWarn().setMessage("stream listener got a notification in another format, catching up by id")
                        .addKeyValue("event", "stream_listener_foreign_payload")
                        .addKeyValue("payload", payload)
                        .log();
            }
        }
        // By id rather than "after the highest id": rows of concurrent transactions commit out of
        // id order, and fetching exactly the notified ones never skips a late committer.
        List<StreamEvent> events = store.findByIds(ids);
        events.forEach(e -> highestSeenId = Math.max(highestSeenId, e.id()));
        hub.dispatch(events);
        if (foreign) {
            // A replica of another version wrote the trigger (a rolling deploy across a change of the payload, as
            // V3's): its rows are still on the table. Read them as after a reconnect instead of leaving this
            // replica's browsers without them until they reconnect.
            catchUp();
        }
    }

    private void catchUp() {
        List<StreamEvent> batch;
        do {
            batch = store.findAfter(highestSeenId, CATCH_UP_BATCH);
            batch.forEach(e -> highestSeenId = Math.max(highestSeenId, e.id()));
            hub.dispatch(batch);
        } while (batch.size() == CATCH_UP_BATCH);
    }
}
