package dev.todo.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Verifies each token once for its lifetime instead of on every request: a browser or a benchmark sends the same
 * bearer token with every call, and the signature check and claim parsing were a large share of a request's CPU.
 * Only tokens the delegate accepted are kept, keyed by the whole token string (a changed byte is another key and is
 * verified afresh). A kept token is handed out only while the delegate's timestamp validator would still accept it,
 * that is until {@code exp} plus the allowed clock skew by the same clock; after that the delegate judges it again
 * (and refuses it). {@code nbf} needs no such check: a token is only kept once it is valid, and it stays so.
 * The cache is bounded, so a flood of distinct valid tokens costs at most {@code maximumSize} entries.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private record Verified(Jwt jwt, Instant validUntil) {
    }

    private final JwtDecoder delegate;
    private final Clock clock;
    private final Duration clockSkew;
    private final Cache<String, Verified> verified;

    CachingJwtDecoder(JwtDecoder delegate, Clock clock, Duration clockSkew, long maximumSize) {
        this.delegate = delegate;
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfter(new UntilInvalid()).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Verified hit = verified.getIfPresent(token);
        if (hit != null) {
            if (!clock.instant().isAfter(hit.validUntil())) {
                return hit.jwt();
            }
            verified.invalidate(token);
        }
        Jwt jwt = delegate.decode(token);
        // every accepted token has an exp (the validator requires it); without one it would not be kept
        if (jwt.getExpiresAt() != null) {
            verified.put(token, new Verified(jwt, jwt.getExpiresAt().plus(clockSkew)));
        }
        return jwt;
    }

    /** Frees an entry once it can no longer be handed out; the check in {@link #decode} is what enforces expiry. */
    private final class UntilInvalid implements Expiry<String, Verified> {

        @Override
        public long expireAfterCreate(String token, Verified value, long currentTime) {
            Duration left = Duration.between(clock.instant(), value.validUntil());
            return left.isNegative() ? 0 : saturatedNanos(left);
        }

        @Override
        public long expireAfterUpdate(String token, Verified value, long currentTime, long currentDuration) {
            return expireAfterCreate(token, value, currentTime);
        }

        @Override
        public long expireAfterRead(String token, Verified value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private static long saturatedNanos(Duration duration) {
            try {
                return duration.toNanos();
            } catch (ArithmeticException tooLong) {
                return Long.MAX_VALUE;
            }
        }
    }
}
