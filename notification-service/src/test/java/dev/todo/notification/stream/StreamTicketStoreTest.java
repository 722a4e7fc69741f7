package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.common.test.SharedPostgres;
import dev.todo.notification.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The ticket store on the service's real schema (embedded PostgreSQL, Flyway migrations). */
class StreamTicketStoreTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static JdbcClient jdbc;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final StreamTicketStore store = new StreamTicketStore(jdbc, properties(TTL), clock);

    @BeforeAll
    static void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(SharedPostgres.jdbcUrl("notification_tickets"),
                SharedPostgres.username(), SharedPostgres.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
    }

    @Test
    void aTicketIsRedeemedOnceForItsUser() {
        StreamTicket ticket = store.issue("alice");

        assertThat(ticket.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(store.redeem(ticket.ticket())).hasValue("alice");
        assertThat(store.redeem(ticket.ticket())).isEmpty();
    }

    @Test
    void onlyTheHashIsStored() {
        StreamTicket ticket = store.issue("alice");

        List<String> stored = jdbc.sql("select encode(ticket_hash, 'hex') from stream_tickets").query(String.class).list();
        assertThat(stored).noneMatch(h -> h.contains(ticket.ticket())).allMatch(h -> h.length() == 64);
    }

    @Test
    void anExpiredTicketOpensNothingAndIsSpent() {
        StreamTicket ticket = store.issue("alice");
        clock.advance(TTL);

        assertThat(store.redeem(ticket.ticket())).isEmpty();
        clock.advance(Duration.ofSeconds(-10));
        assertThat(store.redeem(ticket.ticket())).as("spent by the failed attempt").isEmpty();
    }

    @Test
    void racingRedemptionsOfOneTicketHaveOneWinner() throws Exception {
        StreamTicket ticket = store.issue("alice");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<String>>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> store.redeem(ticket.ticket()));
            }
            List<Optional<String>> results = new ArrayList<>();
            for (Future<Optional<String>> result : pool.invokeAll(attempts)) {
                results.add(result.get());
            }
            assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pruningRemovesOnlyExpiredTickets() {
        StreamTicket old = store.issue("alice");
        clock.advance(TTL.plusSeconds(1));
        StreamTicket fresh = store.issue("alice");

        assertThat(store.pruneExpired()).isGreaterThanOrEqualTo(1);
        assertThat(store.redeem(fresh.ticket())).hasValue("alice");
        clock.advance(Duration.ofSeconds(-TTL.toSeconds() - 1));
        assertThat(store.redeem(old.ticket())).as("pruned, even seen from before its expiry").isEmpty();
    }

    @Test
    void theTtlIsAtMostAMinute() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> properties(Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ticket-ttl");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> properties(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(properties(Duration.ofSeconds(60)).ticketTtl()).isEqualTo(Duration.ofSeconds(60));
    }

    static StreamProperties properties(Duration ticketTtl) {
        return new StreamProperties(Duration.ofMinutes(30), Duration.ofSeconds(15), Duration.ofHours(24), 1000,
                Duration.ofSeconds(2), ticketTtl, 5, 1000, Duration.ofSeconds(10), 256);
    }
}
