package dev.todo.common.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.Topic;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.dapr.client.domain.BulkSubscribeAppResponseEntry;
import io.dapr.client.domain.BulkSubscribeAppResponseStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.http.ResponseEntity;

class SubscriberOutcomeMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SubscriberOutcomeMetrics metrics = new SubscriberOutcomeMetrics(meters);

    @Test
    void countsEachOutcomePerTopic() throws Exception {
        MethodParameter handler = returnOf("withDeadLetters");
        assertThat(metrics.supports(handler, null)).isTrue();

        answer(handler, DaprAppResponse.Status.SUCCESS);
        answer(handler, DaprAppResponse.Status.SUCCESS);
        answer(handler, DaprAppResponse.Status.RETRY);

        assertThat(count("orders", "SUCCESS")).isEqualTo(2);
        assertThat(count("orders", "RETRY")).isEqualTo(1);
        assertThat(meters.find(SubscriberOutcomeMetrics.DEAD_LETTERS).counter()).isNull();
    }

    @Test
    void aDropOnASubscriptionWithADeadLetterTopicIsADeadLetter() throws Exception {
        answer(returnOf("withDeadLetters"), DaprAppResponse.Status.DROP);

        assertThat(count("orders", "DROP")).isEqualTo(1);
        assertThat(meters.get(SubscriberOutcomeMetrics.DEAD_LETTERS)
                .tags("topic", "orders", "dead_letter_topic", "orders-dlq").counter().count()).isEqualTo(1);
    }

    @Test
    void aDropWithoutADeadLetterTopicIsDiscardedNotDeadLettered() throws Exception {
        answer(returnOf("withoutDeadLetters"), DaprAppResponse.Status.DROP);

        assertThat(count("updates", "DROP")).isEqualTo(1);
        assertThat(meters.find(SubscriberOutcomeMetrics.DEAD_LETTERS).counter()).isNull();
    }

    @Test
    void aBulkAnswerCountsEachEntryAsTheMessageItIs() throws Exception {
        metrics.beforeBodyWrite(new BulkSubscribeAppResponse(List.of(
                new BulkSubscribeAppResponseEntry("1", BulkSubscribeAppResponseStatus.SUCCESS),
                new BulkSubscribeAppResponseEntry("2", BulkSubscribeAppResponseStatus.SUCCESS),
                new BulkSubscribeAppResponseEntry("3", BulkSubscribeAppResponseStatus.RETRY),
                new BulkSubscribeAppResponseEntry("4", BulkSubscribeAppResponseStatus.DROP))),
                returnOf("withDeadLetters"), null, null, null, null);

        assertThat(count("orders", "SUCCESS")).isEqualTo(2);
        assertThat(count("orders", "RETRY")).isEqualTo(1);
        assertThat(count("orders", "DROP")).isEqualTo(1);
        assertThat(meters.get(SubscriberOutcomeMetrics.DEAD_LETTERS)
                .tags("topic", "orders", "dead_letter_topic", "orders-dlq").counter().count()).isEqualTo(1);
    }

    @Test
    void ignoresHandlersThatAreNotSubscriptions() throws Exception {
        assertThat(metrics.supports(returnOf("notASubscription"), null)).isFalse();
    }

    private void answer(MethodParameter handler, DaprAppResponse.Status status) {
        metrics.beforeBodyWrite(new DaprAppResponse(status), handler, null, null, null, null);
    }

    private double count(String topic, String outcome) {
        return meters.get(SubscriberOutcomeMetrics.MESSAGES).tags("topic", topic, "outcome", outcome)
                .counter().count();
    }

    private static MethodParameter returnOf(String name) throws NoSuchMethodException {
        Method method = Handlers.class.getDeclaredMethod(name);
        return new MethodParameter(method, -1);
    }

    static class Handlers {
        @Topic(name = "orders", pubsubName = "pubsub", deadLetterTopic = "orders-dlq")
        ResponseEntity<DaprAppResponse> withDeadLetters() {
            return DaprAppResponse.success();
        }

        @Topic(name = "updates", pubsubName = "pubsub")
        ResponseEntity<DaprAppResponse> withoutDeadLetters() {
            return DaprAppResponse.success();
        }

        ResponseEntity<DaprAppResponse> notASubscription() {
            return DaprAppResponse.success();
        }
    }
}
