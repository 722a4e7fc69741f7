package dev.todo.common.security;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Makes every service an OAuth2 resource server the same way (SPEC §6):
 * <ul>
 * <li>{@code /api/{userId}/**} needs a JWT whose {@code sub} is that user (401 without, 403 for another user);</li>
 * <li>Dapr-called paths need the {@code dapr-api-token} header (APP_API_TOKEN), never a JWT; without the token
 * the service refuses to start unless local development is switched on;</li>
 * <li>probes, metrics and API docs are open; everything else needs a valid JWT, from the Authorization header
 * only (never the query string, which ends up in access logs);</li>
 * <li>a service adds its own pieces to the {@code /api} chain with {@link ApiSecurityCustomizer} beans;</li>
 * <li>stateless, no CSRF (bearer tokens are not sent automatically by browsers), CORS only for the
 * configured origins, 401/403 as problem+json.</li>
 * </ul>
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(TodoSecurityProperties.class)
@EnableWebSecurity
public class TodoSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(TodoSecurityProperties properties) {
        JwtDecoder decoder = JwtDecoders.create(properties);
        if (decoder != null) {
            return decoder;
        }
        if (properties.isJwtRequired()) {
            throw new IllegalStateException("No JWT verification configured: set BETTER_AUTH_SECRET (HS256 shared "
                    + "secret, at least 32 bytes) or AUTH_JWKS_URI (JWKS for RS256/EdDSA).");
        }
        return token -> {
            throw new BadJwtException("this service accepts no user tokens");
        };
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorization: with an observation
     * registry present Spring Security wraps every filter of the chain in one (a dozen per request, each a
     * non-recording span even at trace sampling 0), which cost more CPU per request than the checks themselves. The
     * HTTP server observation ({@code http.server.requests} and the request's span) stays; nothing reads the
     * {@code spring.security.*} ones.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The chains' path patterns ({@code securityMatcher}, {@code requestMatchers}) become
     * {@code PathPatternRequestMatcher}s, matched against the parsed request path, instead of Spring Security 6's
     * {@code MvcRequestMatcher}s (deprecated in 6.5, removed in 7), each of which asked Spring MVC's handler
     * mappings through the {@code HandlerMappingIntrospector}: an API request passes about fifteen patterns (the
     * Dapr chain's, the open paths, {@code /api/{userId}/**}), and those lookups showed in todo-api's allocation
     * profile. The patterns mean the same: Spring MVC parses its own mappings with the same parser.
     */
    @Bean
    @ConditionalOnMissingBean
    PathPatternRequestMatcherBuilderFactoryBean requestMatcherBuilder() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /** Static: a bean factory post-processor must not bring this configuration up early. */
    @Bean
    static IntrospectorCacheFilterRemoval introspectorCacheFilterRemoval() {
        return new IntrospectorCacheFilterRemoval();
    }

    @Bean
    @Order(1)
    SecurityFilterChain daprSecurityFilterChain(HttpSecurity http, TodoSecurityProperties properties)
            throws Exception {
        List<String> paths = properties.allDaprPaths();
        http.securityMatcher(paths.toArray(String[]::new));
        common(http, properties);
        http.addFilterBefore(DaprAppTokenFilter.from(properties), AuthorizationFilter.class)
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, TodoSecurityProperties properties,
            JwtDecoder jwtDecoder, ObjectProvider<ApiSecurityCustomizer> customizers) throws Exception {
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint();
        ProblemAccessDeniedHandler accessDenied = new ProblemAccessDeniedHandler();
        common(http, properties);
        http.oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.decoder(jwtDecoder))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(properties.getPublicPaths().toArray(String[]::new)).permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/api/**").permitAll()
                        .requestMatchers("/api/{" + UserPathAuthorizationManager.USER_ID_VARIABLE + "}/**")
                        .access(new UserPathAuthorizationManager())
                        .anyRequest().authenticated());
        for (ApiSecurityCustomizer customizer : customizers.orderedStream().toList()) {
            customizer.customize(http);
        }
        return http.build();
    }

    private static void common(HttpSecurity http, TodoSecurityProperties properties) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .cors(cors -> cors.configurationSource(corsConfigurationSource(properties)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
    }

    static CorsConfigurationSource corsConfigurationSource(TodoSecurityProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        List<String> origins = properties.getCorsAllowedOrigins().stream()
                .filter(JwtDecoders::hasText).map(String::trim).toList();
        if (!origins.isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(origins);
            cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "If-None-Match",
                    "Last-Event-ID"));
            cors.setExposedHeaders(List.of("ETag", "Location", "Link", "X-Total-Count", "Retry-After"));
            cors.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/**", cors);
        }
        return source;
    }
}
