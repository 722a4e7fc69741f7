package dev.todo.notification.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stream tickets: 256 random bits, given to the user once and stored only as their SHA-256, in this
 * service's database so that any replica can redeem a ticket another replica issued. Redeeming deletes
 * the row in the same statement that reads it, so two requests racing with one ticket cannot both win.
 */
@Repository
public class StreamTicketStore {

    private static final int TICKET_BYTES = 32;

    private final JdbcClient jdbc;
    private final StreamProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public StreamTicketStore(JdbcClient jdbc, StreamProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    public StreamTicket issue(String userId) {
        byte[] secret = new byte[TICKET_BYTES];
        random.nextBytes(secret);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = clock.instant().plus(properties.ticketTtl());
        jdbc.sql("insert into stream_tickets (ticket_hash, user_id, expires_at) values (:hash, :user_id, :expires_at)")
                .param("hash", hash(ticket)).param("user_id", userId).param("expires_at", Timestamp.from(expiresAt))
                .update();
        return new StreamTicket(ticket, expiresAt);
    }

    /** @return the user the ticket was issued to; empty when it is unknown, used already or expired */
    public Optional<String> redeem(String ticket) {
        Instant now = clock.instant();
        // The row goes whatever its expiry: an expired ticket is spent as well.
        return jdbc.sql("delete from stream_tickets where ticket_hash = :hash returning user_id, expires_at")
                .param("hash", hash(ticket))
                .query((rs, n) -> rs.getTimestamp("expires_at").toInstant().isAfter(now)
                        ? Optional.of(rs.getString("user_id")) : Optional.<String>empty())
                .optional().flatMap(user -> user);
    }

    public int pruneExpired() {
        return jdbc.sql("delete from stream_tickets where expires_at <= :now")
                .param("now", Timestamp.from(clock.instant())).update();
    }

    private static byte[] hash(String ticket) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
