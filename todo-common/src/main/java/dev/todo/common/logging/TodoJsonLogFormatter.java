package dev.todo.common.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.Charset;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * One JSON object per log line with the platform's field vocabulary (docs/CONVENTIONS.md): timestamp, level,
 * logger, thread, message, service, then every MDC entry and every SLF4J key/value pair as a top-level field
 * ({@code event}, {@code task_id}, {@code user_id}, {@code event_id}, ...). Micrometer Tracing's MDC keys
 * {@code traceId}/{@code spanId} are written as {@code trace_id}/{@code span_id}, so a trace id reads the same
 * in every service whether or not tracing is on. None of Boot's common formats names the fields this way
 * (ECS nests them, logstash prefixes its own), hence a formatter of our own; Boot instantiates it from
 * {@code logging.structured.format.console}.
 * <p>
 * Lines are written by {@link StreamingLogFormatter} (Jackson's streaming generator into a per-thread buffer):
 * Boot's {@code JsonWriter} built each line through intermediate strings, about a quarter of todo-api's allocation
 * under load. Boot's {@code logging.structured.json.*} members customizations (include, exclude, rename, add,
 * customizer, or a {@link StructuredLoggingJsonMembersCustomizer} in spring.factories) can only act on a
 * {@code JsonWriter}: when one is configured the lines are written by {@link JsonWriterLogFormatter} instead, the
 * same output at the old cost. {@code logging.structured.json.stacktrace.*} applies either way.
 */
public class TodoJsonLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    private static final String JSON_PROPERTIES = "logging.structured.json";

    private final StructuredLogFormatter<ILoggingEvent> formatter;

    public TodoJsonLogFormatter(Environment environment, StackTracePrinter stackTracePrinter,
                                ThrowableProxyConverter throwableProxyConverter,
                                StructuredLoggingJsonMembersCustomizer<?> customizer) {
        String service = environment.getProperty("spring.application.name");
        this.formatter = membersCustomized(environment)
                ? new JsonWriterLogFormatter(service, stackTracePrinter, throwableProxyConverter, customizer)
                : new StreamingLogFormatter(service, stackTracePrinter, throwableProxyConverter);
    }

    @Override
    public String format(ILoggingEvent event) {
        return formatter.format(event);
    }

    @Override
    public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
        return formatter.formatAsBytes(event, charset);
    }

    /** Whether Boot would customize the members (stacktrace and context settings do not touch them). */
    static boolean membersCustomized(Environment environment) {
        if (!SpringFactoriesLoader.loadFactoryNames(StructuredLoggingJsonMembersCustomizer.class,
                TodoJsonLogFormatter.class.getClassLoader()).isEmpty()) {
            return true;
        }
        if (!(environment instanceof ConfigurableEnvironment)) {
            return false;
        }
        Map<String, Object> json = Binder.get(environment)
                .bind(JSON_PROPERTIES, Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
        return json.keySet().stream().anyMatch(key -> !key.startsWith("stacktrace") && !key.startsWith("context"));
    }

    StructuredLogFormatter<ILoggingEvent> formatter() {
        return formatter;
    }
}
