package dev.todo.common.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * A service's own addition to the {@code /api} filter chain (for example notification-service's stream-ticket
 * filter), applied after the shared configuration so the user-path guard and the problem+json answers stay the
 * same for every service.
 */
@FunctionalInterface
public interface ApiSecurityCustomizer {

    void customize(HttpSecurity http) throws Exception;
}
