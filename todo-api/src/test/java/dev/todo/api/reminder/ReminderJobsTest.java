package dev.todo.api.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.todo.common.test.InMemoryTracing;
import dev.todo.common.tracing.DaprCallTracing;
import dev.todo.common.tracing.TraceParents;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.ScheduleJobRequest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** Scheduling a reminder job: the request, and the trace of the task change it continues (call and log line). */
class ReminderJobsTest {

    private static final String STORED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    private final InMemoryTracing tracing = new InMemoryTracing();
    private final TraceParents traceParents = tracing.traceParents();
    private final DaprClient dapr = mock(DaprClient.class, withSettings().extraInterfaces(DaprPreviewClient.class));
    private final ReminderJobs jobs = new ReminderJobs(dapr, new ObjectMapper().registerModule(new JavaTimeModule()),
            traceParents, new DaprCallTracing(traceParents));
    private final AtomicReference<ScheduleJobRequest> sent = new AtomicReference<>();
    private final AtomicReference<String> sentTraceparent = new AtomicReference<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ReminderJobs.class);

    @BeforeEach
    void sidecar() {
        when(((DaprPreviewClient) dapr).scheduleJob(any())).thenAnswer(call -> Mono.deferContextual(context -> {
            sent.set(call.getArgument(0));
            sentTraceparent.set(context.getOrDefault("traceparent", null));
            return Mono.empty();
        }));
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void close() {
        logger.detachAppender(logged);
        tracing.close();
    }

    @Test
    void schedulesTheTasksJobInAClientSpanContinuingTheChangeAndLogsInThatSpan() {
        Instant remindAt = NOW.plusSeconds(3600);

        jobs.schedule(42, remindAt, NOW, STORED);

        assertThat(sent.get().getName()).isEqualTo("reminder-42");
        assertThat(sent.get().getDueTime()).isEqualTo(remindAt);
        assertThat(sent.get().getOverwrite()).isTrue();
        SpanData span = tracing.ended("schedule reminder job");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(sentTraceparent.get()).isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01");
        assertThat(logged.list).singleElement().satisfies(line -> assertThat(fields(line))
                .containsEntry("event", "reminder_scheduled").containsEntry("task_id", "42")
                .containsEntry("trace_id", span.getTraceId()).containsEntry("span_id", span.getSpanId()));
    }

    @Test
    void aReminderAlreadyDueIsScheduledForNow() {
        jobs.schedule(7, NOW.minusSeconds(60), NOW, null);

        assertThat(sent.get().getDueTime()).isEqualTo(NOW);
        assertThat(tracing.ended("schedule reminder job").getKind()).isEqualTo(SpanKind.CLIENT);
    }

    private static Map<String, String> fields(ILoggingEvent line) {
        return line.getKeyValuePairs().stream().collect(Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value)));
    }
}
