package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.MutableClock;
import dev.todo.notification.support.NotificationIT;
import dev.todo.notification.support.Reminders;
import dev.todo.notification.support.SseTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** SPEC §2: a browser opens its stream with a short-lived, single-use ticket got with its bearer token. */
@NotificationIT
class StreamTicketIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestConfiguration
    static class SteerableClock {
        @Bean
        @Primary
        MutableClock steerableClock() {
            return new MutableClock(Instant.now());
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    StreamEventListener listener;
    @Autowired
    MutableClock clock;
    @Autowired
    StreamProperties properties;

    @BeforeEach
    void listening() {
        await().atMost(WAIT).until(listener::isListening);
    }

    @Test
    void aTicketOpensTheUsersStreamOnce() throws Exception {
        String user = Reminders.newUserId();
        Instant issuedAt = clock.instant();
        HttpResponse<String> issued = SseTestClient.requestTicket(port, user, TestJwts.token(user));

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(issued.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json.readTree(issued.body());
        String ticket = body.path("ticket").asText();
        assertThat(ticket).matches("[A-Za-z0-9_-]{43}"); // 256 bits, base64url
        assertThat(Instant.parse(body.path("expires_at").asText()))
                .isEqualTo(issuedAt.plus(properties.ticketTtl()))
                .isBeforeOrEqualTo(issuedAt.plus(StreamProperties.MAX_TICKET_TTL));

        long task = Reminders.newTaskId();
        try (SseTestClient browser = SseTestClient.openWithTicket(port, user, ticket)) {
            await().atMost(WAIT).until(() -> browser.status() == 200);
            new DaprCalls(port, NotificationIT.APP_TOKEN, json).deliver("/events/task-updates", "task-updates",
                    Reminders.taskUpdate(task, user));
            await().atMost(WAIT).until(() -> browser.events("task-update").size() == 1);

            try (SseTestClient again = SseTestClient.openWithTicket(port, user, ticket)) {
                assertUnauthorized(again);
            }
        }
    }

    @Test
    void aBrowserReopeningWithANewTicketResumesAfterTheLastEventItSaw() throws Exception {
        String user = Reminders.newUserId();
        DaprCalls dapr = new DaprCalls(port, NotificationIT.APP_TOKEN, json);
        String lastSeen;
        try (SseTestClient first = SseTestClient.openWithTicket(port, user, ticket(user))) {
            await().atMost(WAIT).until(() -> first.status() == 200);
            dapr.deliver("/events/task-updates", "task-updates", Reminders.taskUpdate(Reminders.newTaskId(), user));
            await().atMost(WAIT).until(() -> first.events().size() == 1);
            lastSeen = first.events().get(0).id();
        }
        long missed = Reminders.newTaskId();
        dapr.deliver("/events/task-updates", "task-updates", Reminders.taskUpdate(missed, user));

        try (SseTestClient second = SseTestClient.openWithQuery(port, user,
                "ticket=" + ticket(user) + "&last_event_id=" + lastSeen)) {
            await().atMost(WAIT).until(() -> second.events().size() == 1);
            assertThat(json.readTree(second.events().get(0).data()).path("task_id").asLong()).isEqualTo(missed);
        }
    }

    @Test
    void anExpiredTicketIsRefused() throws Exception {
        String user = Reminders.newUserId();
        String ticket = ticket(user);
        clock.advance(properties.ticketTtl().plusSeconds(1));

        try (SseTestClient late = SseTestClient.openWithTicket(port, user, ticket)) {
            assertUnauthorized(late);
        }
    }

    @Test
    void aTicketOpensNoOtherUsersStream() throws Exception {
        String owner = Reminders.newUserId();
        String victim = Reminders.newUserId();
        try (SseTestClient foreign = SseTestClient.openWithTicket(port, victim, ticket(owner))) {
            await().atMost(WAIT).until(() -> foreign.status() != 0);
            assertThat(foreign.status()).isIn(401, 403);
            assertThat(foreign.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void anUnknownTicketIsRefused() {
        try (SseTestClient guessed = SseTestClient.openWithTicket(port, Reminders.newUserId(),
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) {
            assertUnauthorized(guessed);
        }
    }

    @Test
    void aTicketIsOnlyIssuedToTheUserItself() throws Exception {
        String user = Reminders.newUserId();
        assertThat(SseTestClient.requestTicket(port, user, TestJwts.token(Reminders.newUserId())).statusCode())
                .isEqualTo(403);
        assertThat(SseTestClient.requestTicket(port, user, "not-a-jwt").statusCode()).isEqualTo(401);
    }

    @Test
    void aTicketIsNoBearerTokenElsewhere() throws Exception {
        String user = Reminders.newUserId();
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + user
                + "/notifications?ticket=" + ticket(user))).GET().build();
        assertThat(HttpClient.newHttpClient().send(list, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
    }

    private String ticket(String user) throws Exception {
        HttpResponse<String> issued = SseTestClient.requestTicket(port, user, TestJwts.token(user));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return json.readTree(issued.body()).path("ticket").asText();
    }

    private static void assertUnauthorized(SseTestClient client) {
        await().atMost(WAIT).until(() -> client.status() != 0);
        assertThat(client.status()).isEqualTo(401);
        assertThat(client.contentType()).startsWith("application/problem+json");
    }
}
