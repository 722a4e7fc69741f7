package dev.todo.common.logging;

import java.util.Map;
import java.util.Set;

/** The top-level name an MDC entry or key/value pair is written under (docs/CONVENTIONS.md, "Logs"). */
final class LogFieldNames {

    /** Micrometer Tracing's MDC keys, renamed so a trace id reads the same in every service. */
    private static final Map<String, String> RENAMED = Map.of("traceId", "trace_id", "spanId", "span_id");
    /** Fields the formatter owns: a key/value pair of the same name would make the object ambiguous. */
    private static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "thread", "message", "service",
            "exception", "stack_trace");

    private LogFieldNames() {
    }

    /** The field name for {@code key}, or null when the entry is dropped (no key, or a name the formatter owns). */
    static String of(String key) {
        if (key == null) {
            return null;
        }
        String name = RENAMED.getOrDefault(key, key);
        return RESERVED.contains(name) ? null : name;
    }
}
