package dev.todo.notification.delivery;

import dev.todo.notification.contact.ContactRepository;
import dev.todo.notification.notification.Notification;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Sends the reminder as a plain-text e-mail over SMTP; on when notification.email.enabled=true. */
@Component
@ConditionalOnProperty(name = "notification.email.enabled", havingValue = "true")
class EmailChannel implements DeliveryChannel {

    private static final Logger log = LoggerFactory.getLogger(EmailChannel.class);

    private final JavaMailSender mailSender;
    private final EmailProperties properties;
    private final ContactRepository contacts;

    EmailChannel(JavaMailSender mailSender, EmailProperties properties, ContactRepository contacts) {
        this.mailSender = mailSender;
        this.properties = properties;
        this.contacts = contacts;
    }

    @Override
    public String name() {
        return EMAIL;
    }

    /** Whether this user can be reached by e-mail at all; otherwise the log channel is used. */
    boolean canReach(String userId) {
        return address(userId).isPresent();
    }

    @Override
    public void deliver(Notification n) {
        String to = address(n.userId()).orElseThrow(
                () -> new IllegalStateException("no e-mail address known for user"));
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(to);
        message.setSubject("Reminder: " + n.title());
        message.setText("Your task \"" + n.title() + "\" is due "
                + (n.dueAt() == null ? "soon" : "at " + DateTimeFormatter.ISO_INSTANT.format(n.dueAt().atOffset(ZoneOffset.UTC)))
                + ".\n\nTask id: " + n.taskId() + "\n");
        mailSender.send(message);
        log.atInfo().setMessage("reminder e-mailed").addKeyValue("event", "reminder_emailed")
                .addKeyValue("notification_id", n.id()).addKeyValue("task_id", n.taskId())
                .addKeyValue("user_id", n.userId()).log();
    }

    private Optional<String> address(String userId) {
        Optional<String> known = contacts.emailOf(userId);
        if (known.isPresent()) {
            return known;
        }
        String template = properties.addressTemplate();
        return template == null || template.isBlank()
                ? Optional.empty()
                : Optional.of(template.replace("{user_id}", userId));
    }
}
