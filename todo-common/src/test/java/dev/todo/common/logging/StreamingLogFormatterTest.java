package dev.todo.common.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.StandardStackTracePrinter;

/** The streaming writer against Boot's JsonWriter (the formatter it replaces): same bytes, same JSON. */
class StreamingLogFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LoggerContext CONTEXT = new LoggerContext();
    private static final ThrowableProxyConverter CONVERTER = converter();

    private final StreamingLogFormatter streaming = new StreamingLogFormatter("todo-api", null, CONVERTER);
    private final JsonWriterLogFormatter reference = new JsonWriterLogFormatter("todo-api", null, CONVERTER, null);

    enum Outcome { SUCCESS, RETRY }

    record Custom(String name) {
    }

    static Stream<Named<ILoggingEvent>> events() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("a", 1);
        nested.put("b/c", "x\"y");
        nested.put("none", null);
        return Stream.<Named<ILoggingEvent>>of(
                Named.<ILoggingEvent>of("outbox event written", LogEvents.outboxEventWritten()),
                Named.<ILoggingEvent>of("no MDC, no pairs", LogEvents.message("started").build()),
                Named.<ILoggingEvent>of("every value type", LogEvents.message("types")
                        .kv("long", 42L).kv("int", 7).kv("short", (short) -3).kv("byte", (byte) 1)
                        .kv("double", 1.5d).kv("float", 0.25f).kv("big_double", 1.0e21).kv("tiny", 1.0e-7)
                        .kv("decimal", new BigDecimal("12.3400")).kv("bigint", new BigInteger("123456789012345678901234"))
                        .kv("atomic", new AtomicLong(9)).kv("yes", true).kv("no", Boolean.FALSE)
                        .kv("uuid", UUID.fromString("0b5c3a1e-7c1f-4d7e-9a6b-2f1f0f3c9d11"))
                        .kv("instant", Instant.parse("2026-01-05T08:30:00Z")).kv("enum", Outcome.RETRY)
                        .kv("duration", Duration.ofMinutes(15)).kv("custom", new Custom("c"))
                        .kv("optional", Optional.of("o")).kv("path", Path.of("/tmp/a b"))
                        .kv("list", List.of("a", 1, true)).kv("ints", new int[] {1, 2}).kv("strings", new String[] {"s"})
                        .kv("map", nested).kv("builder", new StringBuilder("sb")).build()),
                Named.<ILoggingEvent>of("MDC, pairs, renames, overrides, reserved names, nulls", LogEvents.message("merge")
                        .mdc("traceId", "t1").mdc("trace_id", "t2").mdc("task_id", "1").mdc("message", "forged")
                        .mdc("z_last", "z")
                        .kv("task_id", 2L).kv("task_id", null).kv("extra", null).kv("thread", "forged")
                        .kv("stack_trace", "forged").kv("service", "forged").kv("spanId", "s1").kv("z_last", 3)
                        .kv(null, "no key").build()),
                Named.<ILoggingEvent>of("unicode", LogEvents.message("héllo 日本 ü €").kv("ключ", "значение").build()),
                Named.<ILoggingEvent>of("control characters", LogEvents.message("nul\u0000 bell\u0007 esc\u001b del\u007f c1\u0085\u009f"
                        + " ls\u2028 ps\u2029 bom\ufeff").kv("tabs", "a\tb\nc\rd\be\f").build()),
                Named.<ILoggingEvent>of("quotes, backslashes, slashes", LogEvents.message("say \"hi\" C:\\dir\\ </script> a/b")
                        .kv("q\"k", "\\\"/").thread("thread \"quoted\"").build()),
                Named.<ILoggingEvent>of("throwable with cause", LogEvents.message("failed").level(Level.ERROR)
                        .kv("event", "unhandled_exception")
                        .cause(new IllegalStateException("outer \"boom\"\n\tline", new RuntimeException("inner")))
                        .build()),
                Named.<ILoggingEvent>of("null message", LogEvents.message(null).kv("event", "x").build()),
                Named.<ILoggingEvent>of("very long message", LogEvents.message("long ".repeat(40_000) + "é".repeat(10_000)).build()),
                Named.<ILoggingEvent>of("whole-second timestamp", LogEvents.message("t").at(Instant.parse("2026-11-27T18:44:45Z"))
                        .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void writesTheSameBytesAsBootsJsonWriter(ILoggingEvent event) throws Exception {
        byte[] expected = reference.formatAsBytes(event, StandardCharsets.UTF_8);
        byte[] actual = streaming.formatAsBytes(event, StandardCharsets.UTF_8);

        assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).isEqualTo(expected);
        assertThat(streaming.format(event)).isEqualTo(reference.format(event));
        assertThat(streaming.formatAsBytes(event, StandardCharsets.ISO_8859_1))
                .isEqualTo(reference.formatAsBytes(event, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aCharacterOutsideTheBmpIsTheSameJsonStringWrittenAsEscapedSurrogates() throws Exception {
        ILoggingEvent event = LogEvents.message("done 😀 ok").kv("emoji", "🎉🎉").kv("key_𝄞", 1L).build();

        byte[] actual = streaming.formatAsBytes(event, StandardCharsets.UTF_8);

        assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(reference.formatAsBytes(event, StandardCharsets.UTF_8)));
        assertThat(new String(actual, StandardCharsets.UTF_8)).contains("\"message\":\"done \\uD83D\\uDE00 ok\"");
    }

    @Test
    void aLoneSurrogateIsEscapedAndTheCharacterAfterItKept() throws Exception {
        String cutEmoji = "😀".substring(0, 1);
        ILoggingEvent event = LogEvents.message("cut " + cutEmoji + " here").kv("title", "x" + cutEmoji).build();

        JsonNode line = JSON.readTree(streaming.formatAsBytes(event, StandardCharsets.UTF_8));

        assertThat(line.path("message").asText()).isEqualTo("cut " + cutEmoji + " here");
        assertThat(line.path("title").asText()).isEqualTo("x" + cutEmoji);
    }

    @Test
    void pinsHowEachValueTypeIsWritten() {
        ILoggingEvent event = LogEvents.message("types").kv("long", 42L).kv("int", 7).kv("double", 1.5d)
                .kv("decimal", new BigDecimal("12.3400")).kv("yes", true)
                .kv("uuid", UUID.fromString("0b5c3a1e-7c1f-4d7e-9a6b-2f1f0f3c9d11"))
                .kv("instant", Instant.parse("2026-01-05T08:30:00Z")).kv("enum", Outcome.RETRY)
                .kv("custom", new Custom("c")).kv("list", List.of("a", 1)).kv("path", Path.of("/tmp/p")).build();

        for (String line : List.of(streaming.format(event), reference.format(event))) {
            assertThat(line).contains("\"long\":42,\"int\":7,\"double\":1.5,\"decimal\":12.3400,\"yes\":true,"
                    + "\"uuid\":\"0b5c3a1e-7c1f-4d7e-9a6b-2f1f0f3c9d11\",\"instant\":\"2026-01-05T08:30:00Z\","
                    + "\"enum\":\"RETRY\",\"custom\":\"Custom[name=c]\",\"list\":[\"a\",1],\"path\":\"/tmp/p\"}\n");
        }
    }

    @Test
    void fieldsComeInTheContractsOrder() throws Exception {
        ILoggingEvent event = LogEvents.message("m").mdc("traceId", "t").kv("event", "e")
                .cause(new IllegalStateException("x")).build();

        JsonNode line = JSON.readTree(streaming.formatAsBytes(event, StandardCharsets.UTF_8));

        assertThat(line.fieldNames()).toIterable().containsExactly("timestamp", "level", "logger", "thread",
                "message", "service", "trace_id", "event", "exception", "stack_trace");
        assertThat(line.path("timestamp").asText()).isEqualTo("2026-11-27T18:44:45.123456Z");
    }

    @Test
    void withoutAServiceNameTheFieldIsLeftOut() {
        ILoggingEvent event = LogEvents.message("m").build();

        assertThat(new StreamingLogFormatter("", null, CONVERTER).format(event))
                .isEqualTo(new JsonWriterLogFormatter("", null, CONVERTER, null).format(event))
                .doesNotContain("service");
    }

    @Test
    void aConfiguredStackTracePrinterWritesTheStackTrace() {
        StackTracePrinter printer = StandardStackTracePrinter.rootFirst();
        ILoggingEvent event = LogEvents.message("failed")
                .cause(new IllegalStateException("outer", new RuntimeException("root cause"))).build();

        String line = new StreamingLogFormatter("todo-api", printer, CONVERTER).format(event);

        String expected = new JsonWriterLogFormatter("todo-api", printer, CONVERTER, null).format(event);
        assertThat(line).isEqualTo(expected);
        assertThat(line.indexOf("root cause")).isLessThan(line.indexOf("outer"));
    }

    @Test
    void aValueThatFailsLeavesTheNextLineOfTheThreadIntact() {
        Object failing = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString failed");
            }
        };
        ILoggingEvent broken = LogEvents.message("half").kv("first", "written").kv("bad", failing).build();
        ILoggingEvent next = LogEvents.outboxEventWritten();

        assertThatThrownBy(() -> streaming.formatAsBytes(broken, StandardCharsets.UTF_8))
                .hasMessage("toString failed");
        assertThat(streaming.formatAsBytes(next, StandardCharsets.UTF_8))
                .isEqualTo(reference.formatAsBytes(next, StandardCharsets.UTF_8));
    }

    @Test
    void aValueThatLogsWhileItsLineIsWrittenGetsABufferOfItsOwn() {
        ILoggingEvent inner = LogEvents.outboxEventWritten();
        Object loggingValue = new Object() {
            @Override
            public String toString() {
                return streaming.format(inner).strip();
            }
        };
        ILoggingEvent outer = LogEvents.message("outer").kv("nested_line", loggingValue).build();

        assertThat(streaming.format(outer)).isEqualTo(reference.format(outer));
        assertThat(streaming.format(inner)).isEqualTo(reference.format(inner));
    }

    @Test
    void aHugeLineDoesNotKeepAHugeBufferOnItsThread() {
        ILoggingEvent huge = LogEvents.message("x".repeat(StreamingLogFormatter.RETAINED_BUFFER_LIMIT * 4)).build();

        streaming.formatAsBytes(huge, StandardCharsets.UTF_8);

        assertThat(StreamingLogFormatter.retainedBufferSize()).isLessThanOrEqualTo(StreamingLogFormatter.RETAINED_BUFFER_LIMIT);
    }

    @Test
    void threadsLoggingAtOnceEachGetTheirOwnLine() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 2_000).mapToObj(i -> threads.submit(() -> {
                ILoggingEvent event = LogEvents.message("line " + i).kv("task_id", (long) i)
                        .kv("padding", "p".repeat(i % 300)).build();
                return new String(streaming.formatAsBytes(event, StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                        .equals(reference.format(event));
            })).toList();
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @AfterAll
    static void stopConverter() {
        CONVERTER.stop();
    }

    private static ThrowableProxyConverter converter() {
        ThrowableProxyConverter converter = new ThrowableProxyConverter();
        converter.setContext(CONTEXT);
        converter.start();
        return converter;
    }
}
