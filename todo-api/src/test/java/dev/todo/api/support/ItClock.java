package dev.todo.api.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in integration tests: it ticks like the real one but starts at 2026-01-01T00:00Z,
 * so "overdue", "never in the past" and the daylight-saving dates of 2026 are the same on every run.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ItClock {

    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Bean
    @Primary
    Clock itClock() {
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), START));
    }
}
