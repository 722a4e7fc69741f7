package dev.todo.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.todo.notification.notification.DeliveryStatus;
import dev.todo.notification.notification.Notification;
import dev.todo.notification.notification.NotificationRepository;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NotificationDeliveryTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:45:00Z");

    private final NotificationRepository repository = mock(NotificationRepository.class);
    private final DeliveryChannel log = mock(DeliveryChannel.class);
    private final DeliveryProperties properties = new DeliveryProperties(Duration.ofSeconds(10),
            Duration.ofMinutes(5), 3, Duration.ofMinutes(2), Duration.ofSeconds(5), 50);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final NotificationDelivery delivery;

    NotificationDeliveryTest() {
        when(log.name()).thenReturn(DeliveryChannel.LOG);
        delivery = new NotificationDelivery(List.of(log), repository, properties, Clock.fixed(NOW, ZoneOffset.UTC),
                meters);
    }

    private static Notification notification(String channel, int attempts) {
        return new Notification(41, "u1", 7, UUID.randomUUID(), "Water the plants", NOW.plusSeconds(900), NOW,
                channel, attempts == 0 ? DeliveryStatus.PENDING : DeliveryStatus.FAILED, attempts, NOW, null, null);
    }

    @Test
    void aDeliveredNotificationIsMarkedSent() throws Exception {
        Notification n = notification(DeliveryChannel.LOG, 0);

        delivery.deliver(n);

        verify(log).deliver(n);
        verify(repository).markSent(41, NOW);
        assertThat(meters.counter("notification.deliveries", "channel", "log", "outcome", "sent").count()).isEqualTo(1);
    }

    @Test
    void aDeliveredReminderRecordsHowLateItWasAsBuckets() {
        Notification late = new Notification(42, "u1", 7, UUID.randomUUID(), "Water the plants", NOW,
                NOW.minusSeconds(42), DeliveryChannel.LOG, DeliveryStatus.PENDING, 0, NOW, null, null);

        delivery.deliver(late);

        Timer lateness = meters.get("notification.reminder.lateness").tag("channel", "log").timer();
        assertThat(lateness.count()).isEqualTo(1);
        assertThat(lateness.totalTime(TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void aFailedDeliveryRecordsNoLateness() throws Exception {
        Notification n = notification(DeliveryChannel.LOG, 0);
        doThrow(new IllegalStateException("smtp down")).when(log).deliver(n);

        delivery.deliver(n);

        assertThat(meters.find("notification.reminder.lateness").timer()).isNull();
    }

    @Test
    void aFailureIsRecordedWithTheNextAttemptAfterTheBackoff() throws Exception {
        Notification n = notification(DeliveryChannel.LOG, 1);
        doThrow(new IllegalStateException("smtp down")).when(log).deliver(n);

        delivery.deliver(n);

        verify(repository).markFailed(eq(41L), contains("smtp down"), eq(NOW.plusSeconds(20)));
        verify(repository, never()).markSent(anyLong(), eq(NOW));
    }

    @Test
    void theLastAllowedFailureGivesUp() throws Exception {
        Notification n = notification(DeliveryChannel.LOG, 2);
        doThrow(new IllegalStateException("smtp down")).when(log).deliver(n);

        delivery.deliver(n);

        verify(repository).markFailed(eq(41L), anyString(), isNull());
    }

    @Test
    void aChannelSwitchedOffFallsBackToTheLog() throws Exception {
        Notification n = notification(DeliveryChannel.EMAIL, 0);

        delivery.deliver(n);

        verify(log).deliver(n);
        verify(repository).markSent(41, NOW);
        assertThat(delivery.channelFor("u1")).isEqualTo(DeliveryChannel.LOG);
    }
}
