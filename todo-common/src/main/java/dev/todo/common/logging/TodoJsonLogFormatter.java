package dev.todo.common.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.Environment;

/**
 * One JSON object per log line with the platform's field vocabulary (docs/CONVENTIONS.md): timestamp, level,
 * logger, thread, message, service, then every MDC entry and every SLF4J key/value pair as a top-level field
 * ({@code event}, {@code task_id}, {@code user_id}, {@code event_id}, ...). Micrometer Tracing's MDC keys
 * {@code traceId}/{@code spanId} are written as {@code trace_id}/{@code span_id}, so a trace id reads the same
 * in every service whether or not tracing is on. None of Boot's common formats names the fields this way
 * (ECS nests them, logstash prefixes its own), hence a formatter of our own; Boot instantiates it from
 * {@code logging.structured.format.console} and its {@code logging.structured.json.*} customizations still apply.
 */
public class TodoJsonLogFormatter extends JsonWriterStructuredLogFormatter<ILoggingEvent> {

    private static final Map<String, String> RENAMED = Map.of("traceId", "trace_id", "spanId", "span_id");
    /** Fields the formatter owns: a key/value pair of the same name would make the object ambiguous. */
    private static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "thread", "message", "service",
            "exception", "stack_trace");

    public TodoJsonLogFormatter(Environment environment, StackTracePrinter stackTracePrinter,
                                ThrowableProxyConverter throwableProxyConverter,
                                StructuredLoggingJsonMembersCustomizer<?> customizer) {
        super(members -> {
            members.add("timestamp", ILoggingEvent::getInstant).as(Instant::toString);
            members.add("level", event -> event.getLevel().toString());
            members.add("logger", ILoggingEvent::getLoggerName);
            members.add("thread", ILoggingEvent::getThreadName);
            members.add("message", ILoggingEvent::getFormattedMessage);
            members.add("service", environment.getProperty("spring.application.name")).whenHasLength();
            members.addMapEntries(TodoJsonLogFormatter::fields);
            members.add("exception", ILoggingEvent::getThrowableProxy).whenNotNull().as(proxy -> proxy.getClassName());
            members.add("stack_trace", event -> event).whenNotNull(ILoggingEvent::getThrowableProxy)
                    .as(event -> stackTrace(event, stackTracePrinter, throwableProxyConverter));
        }, customizer);
    }

    /** MDC first, then the event's own key/value pairs, which win on a shared name. */
    static Map<String, Object> fields(ILoggingEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        event.getMDCPropertyMap().forEach((key, value) -> put(fields, key, value));
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                put(fields, pair.key, pair.value);
            }
        }
        return fields;
    }

    private static void put(Map<String, Object> fields, String key, Object value) {
        String name = RENAMED.getOrDefault(key, key);
        if (value != null && !RESERVED.contains(name)) {
            fields.put(name, value);
        }
    }

    private static String stackTrace(ILoggingEvent event, StackTracePrinter printer, ThrowableProxyConverter converter) {
        if (printer != null && event.getThrowableProxy() instanceof ThrowableProxy proxy) {
            return printer.printStackTraceToString(proxy.getThrowable());
        }
        return converter.convert(event);
    }
}
