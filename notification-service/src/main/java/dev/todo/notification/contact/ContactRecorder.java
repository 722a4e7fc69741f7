package dev.todo.notification.contact;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Reminder events carry only a user id; the address for the e-mail channel is learned from the
 * {@code email} claim of the user's own token whenever the user calls this service.
 */
@Component
class ContactRecorder implements HandlerInterceptor {

    private final ContactRepository contacts;
    private final Clock clock;
    // what was last written per user, so a steady stream of requests writes nothing
    private final Map<String, String> remembered = new ConcurrentHashMap<>();

    ContactRecorder(ContactRepository contacts, Clock clock) {
        this.contacts = contacts;
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Jwt jwt) {
            String email = jwt.getClaimAsString("email");
            String userId = jwt.getSubject();
            if (userId != null && email != null && !email.isBlank() && !email.equals(remembered.get(userId))) {
                contacts.remember(userId, email, clock.instant());
                remembered.put(userId, email);
            }
        }
        return true;
    }
}
