package dev.todo.localstack;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The secrets of one run: the JWT signing secret shared with the apps (taken from
 * BETTER_AUTH_SECRET when set, so a frontend can share it) and the two Dapr API tokens, random per
 * run. They are handed to child processes through their environment only, never logged.
 */
public record RunSecrets(String jwtSecret, String appApiToken, String daprApiToken) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static RunSecrets generate(Map<String, String> environment) {
        String jwt = environment.get("BETTER_AUTH_SECRET");
        if (jwt == null || jwt.isBlank()) {
            jwt = random(32);
        } else if (jwt.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new StackStartupException("launcher", "BETTER_AUTH_SECRET must be at least 32 bytes (HS256)");
        }
        return new RunSecrets(jwt, random(24), random(24));
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
