package dev.todo.notification.delivery;

import dev.todo.notification.notification.Notification;
import dev.todo.notification.notification.NotificationRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Delivers one claimed notification on its channel and records the outcome and attempt. */
@Component
public class NotificationDelivery {

    private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);

    private final Map<String, DeliveryChannel> channels;
    private final NotificationRepository repository;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    public NotificationDelivery(List<DeliveryChannel> channels, NotificationRepository repository,
                                DeliveryProperties properties, Clock clock, MeterRegistry meters) {
        this.channels = channels.stream().collect(Collectors.toMap(DeliveryChannel::name, Function.identity()));
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** The channel a new notification for this user is recorded on. */
    public String channelFor(String userId) {
        DeliveryChannel email = channels.get(DeliveryChannel.EMAIL);
        if (email instanceof EmailChannel emailChannel && emailChannel.canReach(userId)) {
            return DeliveryChannel.EMAIL;
        }
        return DeliveryChannel.LOG;
    }

    public void deliver(Notification n) {
        DeliveryChannel channel = channels.get(n.channel());
        try {
            if (channel == null) {
                // e.g. e-mail switched off after the notification was recorded: fall back to the log
                channels.get(DeliveryChannel.LOG).deliver(n);
            } else {
                channel.deliver(n);
            }
            Instant sentAt = clock.instant();
            repository.markSent(n.id(), sentAt);
            count(n.channel(), "sent");
            recordLateness(n, sentAt);
        } catch (Exception e) {
            int failedAttempts = n.attempts() + 1;
            Duration backoff = properties.backoffAfter(failedAttempts);
            Instant next = backoff == null ? null : clock.instant().plus(backoff);
            repository.markFailed(n.id(), e.toString(), next);
            count(n.channel(), next == null ? "gave_up" : "failed");
            log.atWarn().setMessage("delivery failed, retrying later").addKeyValue("event", "delivery_failed")
                    .addKeyValue("notification_id", n.id()).addKeyValue("task_id", n.taskId())
                    .addKeyValue("user_id", n.userId()).addKeyValue("channel", n.channel())
                    .addKeyValue("attempts", failedAttempts).addKeyValue("next_attempt_at", next)
                    .addKeyValue("error", e.toString()).log();
        }
    }

    /** delivered − remind_at, as buckets so Prometheus can compute the p99 across replicas. */
    private void recordLateness(Notification n, Instant sentAt) {
        if (n.remindAt() == null) {
            return;
        }
        Timer.builder("notification.reminder.lateness")
                .description("How long after its remind_at a reminder was delivered")
                .tag("channel", n.channel())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(meters)
                .record(Duration.between(n.remindAt(), sentAt).isNegative() ? Duration.ZERO
                        : Duration.between(n.remindAt(), sentAt));
    }

    private void count(String channel, String outcome) {
        meters.counter("notification.deliveries", "channel", channel, "outcome", outcome).increment();
    }
}
