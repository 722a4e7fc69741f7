package dev.todo.common.pubsub;

import io.dapr.Topic;
import io.dapr.client.domain.BulkSubscribeAppResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Counts what every subscriber answers Dapr, per topic: {@code todo.pubsub.messages{topic,outcome}} and, for
 * a DROP on a subscription with a dead-letter topic (daprd forwards it there),
 * {@code todo.pubsub.dead.letters{topic,dead_letter_topic}}.
 *
 * <p>It watches the {@link DaprAppResponse} (or, for a bulk subscription, per-entry {@link BulkSubscribeAppResponse})
 * bodies of {@link Topic} handlers rather than each subscriber's
 * return statements, so a new subscriber or a new outcome path is counted without anyone remembering to.
 * The series are registered at zero when the context starts, so {@code increase()} sees the first drop.
 */
@ControllerAdvice
public class SubscriberOutcomeMetrics implements ResponseBodyAdvice<Object> {

    static final String MESSAGES = "todo.pubsub.messages";
    static final String DEAD_LETTERS = "todo.pubsub.dead.letters";

    private final MeterRegistry meters;
    /**
     * Each handler method's {@link Topic}, looked up once: {@link #supports} runs for every response body of the
     * service, and a merged-annotation search per response was ~1 % of todo-api's CPU under create load.
     */
    private final Map<Method, Optional<Topic>> topics = new ConcurrentHashMap<>();

    public SubscriberOutcomeMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @EventListener
    void registerAtZero(ContextRefreshedEvent event) {
        Map<String, RequestMappingHandlerMapping> mappings =
                event.getApplicationContext().getBeansOfType(RequestMappingHandlerMapping.class);
        mappings.values().forEach(mapping -> mapping.getHandlerMethods().values().stream()
                .map(HandlerMethod::getMethod)
                .map(method -> method.getAnnotation(Topic.class))
                .filter(topic -> topic != null)
                .forEach(topic -> {
                    for (DaprAppResponse.Status status : DaprAppResponse.Status.values()) {
                        messages(topic, status);
                    }
                    if (hasDeadLetterTopic(topic)) {
                        deadLetters(topic);
                    }
                }));
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return topic(returnType).isPresent();
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        Topic topic = topic(returnType).orElseThrow();
        if (body instanceof DaprAppResponse answer && answer.status() != null) {
            count(topic, answer.status());
        } else if (body instanceof BulkSubscribeAppResponse bulk) {
            // one answer per entry: each counts as the message it is
            bulk.getStatuses().stream().filter(entry -> entry.getStatus() != null)
                    .forEach(entry -> count(topic, DaprAppResponse.Status.valueOf(entry.getStatus().name())));
        }
        return body;
    }

    private Optional<Topic> topic(MethodParameter returnType) {
        Method method = returnType.getMethod();
        if (method == null) {
            return Optional.empty();
        }
        return topics.computeIfAbsent(method, m -> Optional.ofNullable(returnType.getMethodAnnotation(Topic.class)));
    }

    private void count(Topic topic, DaprAppResponse.Status status) {
        messages(topic, status).increment();
        if (status == DaprAppResponse.Status.DROP && hasDeadLetterTopic(topic)) {
            deadLetters(topic).increment();
        }
    }

    /** Without a dead-letter topic daprd discards a DROP: it is counted as an outcome, not a dead letter. */
    private static boolean hasDeadLetterTopic(Topic topic) {
        return !topic.deadLetterTopic().isEmpty();
    }

    private Counter messages(Topic topic, DaprAppResponse.Status status) {
        return Counter.builder(MESSAGES)
                .description("Messages a subscriber answered, by topic and Dapr outcome (SUCCESS, RETRY, DROP)")
                .tags("topic", topic.name(), "outcome", status.name())
                .register(meters);
    }

    private Counter deadLetters(Topic topic) {
        return Counter.builder(DEAD_LETTERS)
                .description("Messages dropped to the subscription's dead-letter topic")
                .tags("topic", topic.name(), "dead_letter_topic", topic.deadLetterTopic())
                .register(meters);
    }
}
