package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;

class StreamNotificationTest {

    @Test
    void oneIdAsTheRowTriggerSentIt() {
        assertThat(StreamNotification.ids("42")).containsExactly(42L);
    }

    @Test
    void theIdsOfAStatementInTheirOrder() {
        assertThat(StreamNotification.ids("7,8,10,9000000000")).containsExactly(7L, 8L, 10L, 9_000_000_000L);
    }

    @Test
    void aForeignPayloadIsRejected() {
        assertThatExceptionOfType(NumberFormatException.class).isThrownBy(() -> StreamNotification.ids("7,x"));
        assertThatExceptionOfType(NumberFormatException.class).isThrownBy(() -> StreamNotification.ids("7,"));
        assertThatExceptionOfType(NumberFormatException.class).isThrownBy(() -> StreamNotification.ids(""));
    }
}
