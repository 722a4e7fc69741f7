package dev.todo.notification.contact;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ContactRepository {

    private final JdbcClient jdbc;

    public ContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> emailOf(String userId) {
        return jdbc.sql("select email from user_contacts where user_id = :user_id")
                .param("user_id", userId).query(String.class).optional();
    }

    public void remember(String userId, String email, Instant now) {
        jdbc.sql("""
                        insert into user_contacts (user_id, email, updated_at) values (:user_id, :email, :now)
                        on conflict (user_id) do update set email = excluded.email, updated_at = excluded.updated_at
                        where user_contacts.email <> excluded.email""")
                .param("user_id", userId).param("email", email).param("now", Timestamp.from(now)).update();
    }
}
