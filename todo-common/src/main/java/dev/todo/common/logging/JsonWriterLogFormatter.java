package dev.todo.common.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * The platform's log line written by Boot's {@code JsonWriter}: what {@link TodoJsonLogFormatter} falls back to
 * when {@code logging.structured.json.*} members customizations are configured (they can only act on a
 * {@code JsonWriter}), and the reference the streaming writer is tested against. About a quarter of todo-api's
 * allocation under load was this writer's intermediate strings, hence it is not the default path.
 */
class JsonWriterLogFormatter extends JsonWriterStructuredLogFormatter<ILoggingEvent> {

    JsonWriterLogFormatter(String service, StackTracePrinter stackTracePrinter,
                           ThrowableProxyConverter throwableProxyConverter,
                           StructuredLoggingJsonMembersCustomizer<?> customizer) {
        super(members -> {
            members.add("timestamp", ILoggingEvent::getInstant).as(Instant::toString);
            members.add("level", event -> event.getLevel().toString());
            members.add("logger", ILoggingEvent::getLoggerName);
            members.add("thread", ILoggingEvent::getThreadName);
            members.add("message", ILoggingEvent::getFormattedMessage);
            members.add("service", service).whenHasLength();
            members.addMapEntries(JsonWriterLogFormatter::fields);
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
        String name = LogFieldNames.of(key);
        if (value != null && name != null) {
            fields.put(name, value);
        }
    }

    static String stackTrace(ILoggingEvent event, StackTracePrinter printer, ThrowableProxyConverter converter) {
        if (printer != null && event.getThrowableProxy() instanceof ThrowableProxy proxy) {
            return printer.printStackTraceToString(proxy.getThrowable());
        }
        return converter.convert(event);
    }
}
