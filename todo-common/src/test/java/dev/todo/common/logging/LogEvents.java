package dev.todo.common.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/** Logback events built field by field, as a logger would hand them to the encoder. */
final class LogEvents {

    private final LoggingEvent event = new LoggingEvent();
    private final Map<String, String> mdc = new LinkedHashMap<>();
    private final List<KeyValuePair> pairs = new ArrayList<>();
    private String threadName = "http-nio-8080-exec-7";
    private Level level = Level.INFO;

    private LogEvents(String message) {
        event.setLoggerName("dev.todo.api.task.TaskService");
        event.setInstant(Instant.parse("2026-11-27T18:44:45.123456Z"));
        event.setMessage(message);
    }

    static LogEvents message(String message) {
        return new LogEvents(message);
    }

    /** The shape todo-api logs on every create. */
    static LoggingEvent outboxEventWritten() {
        return message("outbox event written")
                .mdc("traceId", "4bf92f3577b34da6a3ce929d0e0e4736").mdc("spanId", "00f067aa0ba902b7")
                .mdc("user_id", "user-7f3c2a")
                .kv("event", "outbox_written").kv("task_id", 4242L)
                .kv("event_id", java.util.UUID.fromString("0b5c3a1e-7c1f-4d7e-9a6b-2f1f0f3c9d11"))
                .kv("event_type", "created").kv("topic", "task-events").build();
    }

    LogEvents mdc(String key, String value) {
        mdc.put(key, value);
        return this;
    }

    LogEvents kv(String key, Object value) {
        pairs.add(new KeyValuePair(key, value));
        return this;
    }

    LogEvents level(Level level) {
        this.level = level;
        return this;
    }

    LogEvents thread(String name) {
        threadName = name;
        return this;
    }

    LogEvents at(Instant instant) {
        event.setInstant(instant);
        return this;
    }

    LogEvents cause(Throwable throwable) {
        event.setThrowableProxy(new ThrowableProxy(throwable));
        return this;
    }

    LoggingEvent build() {
        event.setLevel(level);
        event.setThreadName(threadName);
        event.setMDCPropertyMap(mdc);
        event.setKeyValuePairs(pairs.isEmpty() ? null : pairs);
        return event;
    }
}
