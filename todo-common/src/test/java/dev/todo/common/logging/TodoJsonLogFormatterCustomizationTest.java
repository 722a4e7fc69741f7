package dev.todo.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** Boot's logging.structured.json.* settings, through Boot's own encoder: members ones switch to Boot's writer. */
class TodoJsonLogFormatterCustomizationTest {

    private final ILoggingEvent event = LogEvents.message("failed")
            .cause(new IllegalStateException("outer", new RuntimeException("root cause"))).build();

    @Test
    void withoutSettingsTheStreamingWriterWritesTheLines() throws Exception {
        MockEnvironment environment = environment();

        assertThat(TodoJsonLogFormatter.membersCustomized(environment)).isFalse();
        assertThat(line(environment).has("thread")).isTrue();
    }

    @Test
    void membersSettingsAreHonouredByFallingBackToBootsWriter() throws Exception {
        MockEnvironment environment = environment().withProperty("logging.structured.json.exclude", "thread")
                .withProperty("logging.structured.json.rename.logger", "logger_name")
                .withProperty("logging.structured.json.add.region", "eu-1");

        assertThat(TodoJsonLogFormatter.membersCustomized(environment)).isTrue();
        JsonNode line = line(environment);
        assertThat(line.has("thread")).isFalse();
        assertThat(line.path("logger_name").asText()).isEqualTo("dev.todo.api.task.TaskService");
        assertThat(line.path("region").asText()).isEqualTo("eu-1");
    }

    @Test
    void stackTraceSettingsKeepTheStreamingWriterAndStillApply() throws Exception {
        MockEnvironment environment = environment().withProperty("logging.structured.json.stacktrace.root", "first");

        assertThat(TodoJsonLogFormatter.membersCustomized(environment)).isFalse();
        String stackTrace = line(environment).path("stack_trace").asText();
        assertThat(stackTrace.indexOf("root cause")).isLessThan(stackTrace.indexOf("outer"));
    }

    private static MockEnvironment environment() {
        return new MockEnvironment().withProperty("spring.application.name", "todo-api");
    }

    private JsonNode line(Environment environment) throws Exception {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), environment);
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(TodoJsonLogFormatter.class.getName());
        encoder.start();
        try {
            return new ObjectMapper().readTree(encoder.encode(event));
        } finally {
            encoder.stop();
        }
    }
}
