package dev.todo.common.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Security settings shared by every service. Defaults come from the environment variables in
 * docs/CONVENTIONS.md (see {@link dev.todo.common.config.TodoCommonDefaults}).
 */
@ConfigurationProperties("todo.security")
public class TodoSecurityProperties {

    /** HS256 shared secret (BETTER_AUTH_SECRET), at least 32 bytes. */
    private String jwtSecret;
    /** JWKS URI (AUTH_JWKS_URI) for RS256/ES256/EdDSA tokens; wins over the secret when both are set. */
    private String jwksUri;
    /** Expected {@code iss} claim (AUTH_JWT_ISSUER); not checked when empty, required with a JWKS URI. */
    private String jwtIssuer;
    /** A value the token's {@code aud} must contain (AUTH_JWT_AUDIENCE); not checked when empty, required with a JWKS URI. */
    private String jwtAudience;
    /** Tolerance for {@code exp}/{@code nbf} between clocks (AUTH_JWT_CLOCK_SKEW); at most 30 s, or the service refuses to start. */
    private Duration jwtClockSkew = Duration.ofSeconds(30);
    /**
     * When false, a service without /api routes may start with neither secret nor JWKS URI; every JWT-protected
     * route then answers 401.
     */
    private boolean jwtRequired = true;
    /** The value Dapr must send in {@code dapr-api-token} (APP_API_TOKEN); required unless {@link #localDevelopment}. */
    private String appApiToken;
    /**
     * Local development (TODO_SECURITY_LOCAL_DEVELOPMENT): the only setting under which a service starts without
     * APP_API_TOKEN, and then its Dapr-called routes are open to anyone who can reach the port.
     */
    private boolean localDevelopment;
    /** Comma-separated origins allowed by CORS (CORS_ALLOWED_ORIGINS); none when empty. */
    private List<String> corsAllowedOrigins = new ArrayList<>();
    /** Path patterns only Dapr calls: app-token protected, never JWT. */
    private List<String> daprPaths = new ArrayList<>(List.of("/dapr/**", "/events/**", "/job/**", "/internal/**"));
    /** More Dapr-called patterns a service adds to {@link #daprPaths} without repeating the defaults. */
    private List<String> extraDaprPaths = new ArrayList<>();
    /** Paths open to anyone: probes, metrics, API docs. */
    private List<String> publicPaths = new ArrayList<>(List.of("/actuator/health", "/actuator/health/**",
            "/actuator/info", "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
            "/swagger-ui/**", "/error"));

    public String getJwtSecret() {
        return jwtSecret;
    }

    public void setJwtSecret(String jwtSecret) {
        this.jwtSecret = jwtSecret;
    }

    public String getJwksUri() {
        return jwksUri;
    }

    public void setJwksUri(String jwksUri) {
        this.jwksUri = jwksUri;
    }

    public String getJwtIssuer() {
        return jwtIssuer;
    }

    public void setJwtIssuer(String jwtIssuer) {
        this.jwtIssuer = jwtIssuer;
    }

    public String getJwtAudience() {
        return jwtAudience;
    }

    public void setJwtAudience(String jwtAudience) {
        this.jwtAudience = jwtAudience;
    }

    public Duration getJwtClockSkew() {
        return jwtClockSkew;
    }

    public void setJwtClockSkew(Duration jwtClockSkew) {
        this.jwtClockSkew = jwtClockSkew;
    }

    public boolean isLocalDevelopment() {
        return localDevelopment;
    }

    public void setLocalDevelopment(boolean localDevelopment) {
        this.localDevelopment = localDevelopment;
    }

    public boolean isJwtRequired() {
        return jwtRequired;
    }

    public void setJwtRequired(boolean jwtRequired) {
        this.jwtRequired = jwtRequired;
    }

    public String getAppApiToken() {
        return appApiToken;
    }

    public void setAppApiToken(String appApiToken) {
        this.appApiToken = appApiToken;
    }

    public List<String> getCorsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    public void setCorsAllowedOrigins(List<String> corsAllowedOrigins) {
        this.corsAllowedOrigins = corsAllowedOrigins;
    }

    public List<String> getDaprPaths() {
        return daprPaths;
    }

    public void setDaprPaths(List<String> daprPaths) {
        this.daprPaths = daprPaths;
    }

    public List<String> getExtraDaprPaths() {
        return extraDaprPaths;
    }

    public void setExtraDaprPaths(List<String> extraDaprPaths) {
        this.extraDaprPaths = extraDaprPaths;
    }

    public List<String> getPublicPaths() {
        return publicPaths;
    }

    public void setPublicPaths(List<String> publicPaths) {
        this.publicPaths = publicPaths;
    }

    /** Every Dapr-called pattern: the defaults plus the service's own. */
    public List<String> allDaprPaths() {
        List<String> all = new ArrayList<>(daprPaths);
        all.addAll(extraDaprPaths);
        return all.stream().filter(p -> p != null && !p.isBlank()).map(String::trim).distinct().toList();
    }
}
