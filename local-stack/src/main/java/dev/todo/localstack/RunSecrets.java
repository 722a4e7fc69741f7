package dev.todo.localstack;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets of one run: the JWT signing secret shared with the apps (taken from BETTER_AUTH_SECRET when set,
 * so a frontend can share it) and, for each app, its own two Dapr API tokens, random per run: one app's token
 * opens no other app's Dapr-called routes or sidecar, as in Kubernetes. They are handed to child processes
 * through their environment only, never logged.
 */
public record RunSecrets(String jwtSecret, Map<String, AppTokens> appTokens) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One app's tokens.
     *
     * @param appApiToken what its daprd sends to it (APP_API_TOKEN of both)
     * @param daprApiToken what it sends to its daprd (DAPR_API_TOKEN of both)
     */
    public record AppTokens(String appApiToken, String daprApiToken) {

        @Override
        public String toString() {
            return "AppTokens[redacted]";
        }
    }

    public RunSecrets {
        appTokens = Map.copyOf(appTokens);
    }

    /** Secrets for the platform's three services. */
    public static RunSecrets generate(Map<String, String> environment) {
        return generate(environment, ServiceSpec.ALL);
    }

    public static RunSecrets generate(Map<String, String> environment, Collection<ServiceSpec> services) {
        String jwt = environment.get("BETTER_AUTH_SECRET");
        if (jwt == null || jwt.isBlank()) {
            jwt = random(32);
        } else if (jwt.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new StackStartupException("launcher", "BETTER_AUTH_SECRET must be at least 32 bytes (HS256)");
        }
        Map<String, AppTokens> tokens = new LinkedHashMap<>();
        for (ServiceSpec service : services) {
            tokens.put(service.appId(), new AppTokens(random(24), random(24)));
        }
        return new RunSecrets(jwt, tokens);
    }

    public AppTokens tokens(ServiceSpec service) {
        AppTokens tokens = appTokens.get(service.appId());
        if (tokens == null) {
            throw new IllegalArgumentException("no tokens were generated for " + service.appId());
        }
        return tokens;
    }

    /** What {@code service}'s daprd sends to it, and it checks. */
    public String appApiToken(ServiceSpec service) {
        return tokens(service).appApiToken();
    }

    /** What {@code service} sends to its daprd, and daprd checks. */
    public String daprApiToken(ServiceSpec service) {
        return tokens(service).daprApiToken();
    }

    private static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    @Override
    public String toString() {
        return "RunSecrets[redacted]";
    }
}
