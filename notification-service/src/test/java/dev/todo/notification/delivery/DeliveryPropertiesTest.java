package dev.todo.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryPropertiesTest {

    private final DeliveryProperties properties = new DeliveryProperties(Duration.ofSeconds(10),
            Duration.ofSeconds(60), 6, Duration.ofMinutes(2), Duration.ofSeconds(5), 50);

    @ParameterizedTest(name = "after {0} failed attempts wait {1}")
    @CsvSource({"1, PT10S", "2, PT20S", "3, PT40S", "4, PT60S", "5, PT60S"})
    void backoffDoublesUpToTheMaximum(int failedAttempts, Duration expected) {
        assertThat(properties.backoffAfter(failedAttempts)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "after {0} failed attempts give up")
    @CsvSource({"6", "7"})
    void retriesEndAfterMaxAttempts(int failedAttempts) {
        assertThat(properties.backoffAfter(failedAttempts)).isNull();
    }
}
