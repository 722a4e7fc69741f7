package dev.todo.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the environment variables of docs/CONVENTIONS.md onto the {@code todo.*} properties, at the lowest
 * precedence so a service's application.yaml, system properties or tests can still override any of them.
 * No secret has a default: BETTER_AUTH_SECRET must come from the environment. Runs before the logging system
 * starts, so it also chooses the log format (LOG_FORMAT, see {@link LogFormat}).
 */
public class TodoCommonDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("todo.security.jwt-secret", "${BETTER_AUTH_SECRET:}");
        defaults.put("todo.security.jwks-uri", "${AUTH_JWKS_URI:}");
        defaults.put("todo.security.jwt-issuer", "${AUTH_JWT_ISSUER:}");
        defaults.put("todo.security.jwt-audience", "${AUTH_JWT_AUDIENCE:}");
        defaults.put("todo.security.jwt-clock-skew", "${AUTH_JWT_CLOCK_SKEW:30s}");
        defaults.put("todo.security.app-api-token", "${APP_API_TOKEN:}");
        defaults.put("todo.security.cors-allowed-origins", "${CORS_ALLOWED_ORIGINS:}");
        defaults.put("todo.dapr.http-port", "${DAPR_HTTP_PORT:3500}");
        defaults.put("todo.dapr.grpc-port", "${DAPR_GRPC_PORT:50001}");
        defaults.put("todo.dapr.api-token", "${DAPR_API_TOKEN:}");
        defaults.put("spring.mvc.problemdetails.enabled", "true");
        // A list's Link header repeats the request's query four times (first, prev, next, last), and the request
        // line alone may be 8 KB (Tomcat's request header limit): with Tomcat's default 8 KB for response headers a
        // long query made the answer fail with a 500 (found by Schemathesis). 4 × 8 KB + the rest fits in 48 KB.
        defaults.put("server.tomcat.max-http-response-header-size", "48KB");
        // No ServletRequestHandledEvent after every request: nothing listens, and multicasting it is CPU per request.
        defaults.put("spring.mvc.publish-request-handled-events", "false");
        // No long-task timer per HTTP observation (http.server.requests.active): nothing reads it (dashboards and
        // alerts use http.server.requests), and starting and stopping it on every request showed in the profile.
        defaults.put("management.observations.long-task-timer.enabled", "false");
        defaults.put("spring.jackson.property-naming-strategy", "SNAKE_CASE");
        defaults.put("spring.jackson.serialization.write-dates-as-timestamps", "false");
        defaults.put("spring.jackson.deserialization.adjust-dates-to-context-time-zone", "true");
        defaults.put("spring.jackson.time-zone", "UTC");
        // OpenAPI 3.0's nullable: what the DTOs' @Schema(nullable) says, read alike by Schemathesis and
        // openapi-typescript (springdoc's 3.1 output drops it)
        defaults.put("springdoc.api-docs.version", "openapi_3_0");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        LogFormat.of(environment).addDefaults(defaults);
        // At DEBUG these write raw request headers (Authorization, dapr-api-token) and gRPC metadata to the log: a
        // root level of DEBUG must not leak tokens. Naming one of them explicitly still turns it on.
        defaults.put("logging.level.org.apache.coyote.http11", "info");
        defaults.put("logging.level.io.grpc.netty", "info");
        defaults.put("logging.level.io.grpc.netty.shaded.io.grpc.netty", "info");
        // Buckets (not client-side percentiles) so Prometheus can compute p99 per route across replicas.
        defaults.put("management.metrics.distribution.percentiles-histogram.http.server.requests", "true");
        defaults.put("management.metrics.distribution.minimum-expected-value.http.server.requests", "5ms");
        defaults.put("management.metrics.distribution.maximum-expected-value.http.server.requests", "30s");
        // The same for calls a service makes (service invocation through its sidecar): their tail is part of a
        // route's own, and a p99 per callee needs the buckets.
        defaults.put("management.metrics.distribution.percentiles-histogram.http.client.requests", "true");
        defaults.put("management.metrics.distribution.minimum-expected-value.http.client.requests", "1ms");
        defaults.put("management.metrics.distribution.maximum-expected-value.http.client.requests", "30s");
        // Tracing (issue 14): every request is sampled unless the environment says otherwise (the chart sets
        // MANAGEMENT_TRACING_SAMPLING_PROBABILITY and MANAGEMENT_ZIPKIN_TRACING_ENDPOINT from its values); the
        // default endpoint is the local stack's Zipkin. The SPEC's propagation is W3C trace context: Boot also tries
        // B3 and B3-multi on every incoming request by default, CPU per request for headers nobody here sends.
        defaults.put("management.tracing.sampling.probability", "1.0");
        defaults.put("management.tracing.propagation.consume", "W3C");
        defaults.put("management.tracing.propagation.produce", "W3C");
        // Nor W3C baggage: no service reads or sets any, and its extractor ran (and allocated) on every request.
        defaults.put("management.tracing.baggage.enabled", "false");
        defaults.put("management.zipkin.tracing.endpoint", "http://127.0.0.1:9411/api/v2/spans");
        environment.getPropertySources().addLast(new MapPropertySource("todoCommonDefaults", defaults));
    }
}
