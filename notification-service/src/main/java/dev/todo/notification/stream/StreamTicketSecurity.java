package dev.todo.notification.stream;

import dev.todo.common.security.ApiSecurityCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/** Puts the stream-ticket filter into the shared {@code /api} filter chain, ahead of the bearer-token filter. */
@Configuration
class StreamTicketSecurity {

    @Bean
    ApiSecurityCustomizer streamTicketAuthentication(StreamTicketStore tickets) {
        return http -> http.addFilterBefore(new StreamTicketFilter(tickets), BearerTokenAuthenticationFilter.class);
    }
}
