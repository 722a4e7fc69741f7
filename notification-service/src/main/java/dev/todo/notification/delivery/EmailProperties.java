package dev.todo.notification.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled         NOTIFICATION_EMAIL_ENABLED; the SMTP server is spring.mail.* (SPRING_MAIL_HOST/PORT)
 * @param from            sender address
 * @param addressTemplate fallback address for users whose JWT never showed an e-mail claim, with
 *                        {user_id} replaced (e.g. "{user_id}@example.test" locally); empty: none
 */
@ConfigurationProperties("notification.email")
public record EmailProperties(boolean enabled, String from, String addressTemplate) {
}
