package dev.todo.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** Through Boot's own encoder, as logging.structured.format.console sets it up: a logged event → one JSON line. */
class TodoJsonLogFormatterTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger log = context.getLogger("dev.todo.test.JsonLog");
    private OutputStreamAppender<ILoggingEvent> appender;

    @BeforeEach
    void appendJsonToMemory() {
        context.putObject(Environment.class.getName(),
                new MockEnvironment().withProperty("spring.application.name", "todo-api"));
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(TodoJsonLogFormatter.class.getName());
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        log.addAppender(appender);
        log.setAdditive(false);
    }

    @AfterEach
    void detach() {
        log.detachAppender(appender);
        appender.stop();
        MDC.clear();
    }

    @Test
    void keyValuesAndMdcBecomeTopLevelFieldsWithTracingRenamed() throws Exception {
        MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        MDC.put("spanId", "00f067aa0ba902b7");
        MDC.put("user_id", "u1");
        log.atInfo().setMessage("task created")
                .addKeyValue("event", "task_created")
                .addKeyValue("task_id", 42L)
                .addKeyValue("event_id", "0b5c3a1e-7c1f-4d7e-9a6b-2f1f0f3c9d11")
                .addKeyValue("remind_at", Instant.parse("2026-01-05T08:30:00Z"))
                .log();

        JsonNode line = onlyLine();
        assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("logger").asText()).isEqualTo("dev.todo.test.JsonLog");
        assertThat(line.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(line.path("message").asText()).isEqualTo("task created");
        assertThat(line.path("service").asText()).isEqualTo("todo-api");
        assertThat(line.path("event").asText()).isEqualTo("task_created");
        assertThat(line.path("task_id").isNumber()).isTrue();
        assertThat(line.path("task_id").asLong()).isEqualTo(42L);
        assertThat(line.path("user_id").asText()).isEqualTo("u1");
        assertThat(line.path("event_id").asText()).isEqualTo("0b5c3a1e-7c1f-4d7e-9a6b-2f1f0f3c9d11");
        assertThat(line.path("remind_at").asText()).isEqualTo("2026-01-05T08:30:00Z");
        assertThat(line.path("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(line.path("span_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(line.has("traceId")).isFalse();
        assertThat(line.has("exception")).isFalse();
    }

    @Test
    void aKeyValuePairWinsOverTheMdcAndCannotReplaceTheFormattersOwnFields() throws Exception {
        MDC.put("task_id", "1");
        log.atWarn().setMessage("the real message").addKeyValue("task_id", 2L).addKeyValue("message", "forged").log();

        JsonNode line = onlyLine();
        assertThat(line.path("task_id").asLong()).isEqualTo(2L);
        assertThat(line.path("message").asText()).isEqualTo("the real message");
    }

    @Test
    void anExceptionIsOneEscapedFieldSoTheEventStaysOneLine() throws Exception {
        log.atError().setMessage("failed").addKeyValue("event", "unhandled_exception")
                .setCause(new IllegalStateException("boom")).log();

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.strip()).doesNotContain("\n");
        JsonNode line = onlyLine();
        assertThat(line.path("exception").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(line.path("stack_trace").asText()).contains("boom").contains("TodoJsonLogFormatterTest");
    }

    private JsonNode onlyLine() throws Exception {
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        return new ObjectMapper().readTree(lines[0]);
    }
}
