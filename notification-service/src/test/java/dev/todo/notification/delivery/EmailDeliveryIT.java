package dev.todo.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.todo.common.test.EmbeddedPostgresInitializer;
import dev.todo.common.test.TestJwts;
import dev.todo.notification.support.DaprCalls;
import dev.todo.notification.support.EmailJwts;
import dev.todo.notification.support.Reminders;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The e-mail channel against a real SMTP server (GreenMail) in the test JVM. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "todo.test.database=notification_email_it",
        "todo.security.jwt-secret=" + TestJwts.SECRET,
        "todo.security.app-api-token=" + EmailDeliveryIT.APP_TOKEN,
        "todo.dapr.sidecar-health-enabled=false",
        "notification.email.enabled=true",
        "notification.email.from=reminders@todo.test",
        "notification.delivery.poll-interval=PT0.2S",
        "notification.delivery.initial-backoff=PT1S",
        "notification.delivery.max-backoff=PT2S"})
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
class EmailDeliveryIT {

    static final String APP_TOKEN = "it-app-token";
    private static final int SMTP_PORT = freePort();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    private GreenMail smtp;
    private DaprCalls dapr;

    @BeforeEach
    void setUp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        dapr = new DaprCalls(port, APP_TOKEN, json);
    }

    @AfterEach
    void tearDown() {
        smtp.stop();
    }

    @Test
    void aReminderIsMailedToTheAddressFromTheUsersToken() throws Exception {
        String user = Reminders.newUserId();
        signIn(user, "ada@example.test");
        long task = Reminders.newTaskId();

        dapr.deliver("/events/reminders", "reminders", Reminders.reminder(task, user, Instant.parse("2026-03-02T09:45:00Z")));

        await().atMost(WAIT).until(() -> smtp.getReceivedMessages().length == 1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ada@example.test");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("reminders@todo.test");
        assertThat(mail.getSubject()).isEqualTo("Reminder: Task " + task);
        assertThat(mail.getContent().toString()).contains("2026-03-02T10:00:00Z");
        await().atMost(WAIT).untilAsserted(() -> assertThat(row(task)).containsExactly("email", "sent", "1"));
    }

    @Test
    void aFailedSendIsRetriedWithBackoffUntilSent() throws Exception {
        String user = Reminders.newUserId();
        signIn(user, "grace@example.test");
        long task = Reminders.newTaskId();
        smtp.stop();

        dapr.deliver("/events/reminders", "reminders", Reminders.reminder(task, user, Instant.parse("2026-03-02T09:45:00Z")));

        await().atMost(WAIT).untilAsserted(() -> assertThat(row(task)).containsExactly("email", "failed", "1"));
        assertThat(jdbc.sql("select last_error from notifications where task_id = :t").param("t", task)
                .query(String.class).single()).containsIgnoringCase("mail");

        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        await().atMost(WAIT).untilAsserted(() -> assertThat(row(task)).containsExactly("email", "sent", "2"));
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(EmailDeliveryIT::recipient))
                .containsExactly("grace@example.test");
        assertThat(jdbc.sql("select delivered_at is not null and next_attempt_at is null from notifications "
                + "where task_id = :t").param("t", task).query(Boolean.class).single()).isTrue();
    }

    @Test
    void aUserWithoutAKnownAddressGetsTheLogChannel() throws Exception {
        long task = Reminders.newTaskId();

        dapr.deliver("/events/reminders", "reminders",
                Reminders.reminder(task, Reminders.newUserId(), Instant.parse("2026-03-02T09:45:00Z")));

        await().atMost(WAIT).untilAsserted(() -> assertThat(row(task)).containsExactly("log", "sent", "1"));
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    /** Any authenticated call teaches the service the user's address. */
    private void signIn(String user, String email) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/" + user + "/notifications"))
                .header("Authorization", "Bearer " + EmailJwts.token(user, email)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private List<String> row(long task) {
        return jdbc.sql("select channel, status, attempts from notifications where task_id = :t").param("t", task)
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), Integer.toString(rs.getInt(3))))
                .single();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
