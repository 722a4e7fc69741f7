package dev.todo.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.common.test.TestJwts;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

class TodoSecurityAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TodoSecurityAutoConfiguration.class,
                    SecurityAutoConfiguration.class, WebMvcAutoConfiguration.class))
            .withPropertyValues("todo.security.app-api-token=app-token-test");

    @Test
    void givenASecretShorterThan32Bytes_whenStarting_thenTheAppRefusesWithAClearMessage() {
        runner.withPropertyValues("todo.security.jwt-secret=too-short-secret").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("BETTER_AUTH_SECRET")
                    .hasMessageContaining("at least 32 bytes");
        });
    }

    @Test
    void givenNoSecretAndNoJwks_whenStarting_thenTheAppRefuses() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("AUTH_JWKS_URI");
        });
    }

    @Test
    void givenJwtNotRequired_whenStartingWithoutSecret_thenEveryTokenIsRejected() {
        runner.withPropertyValues("todo.security.jwt-required=false").run(context -> {
            assertThat(context).hasNotFailed();
            JwtDecoder decoder = context.getBean(JwtDecoder.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(TestJwts.token("u")))
                    .isInstanceOf(JwtException.class);
        });
    }

    @Test
    void givenTheSecret_whenDecoding_thenOnlyTokensSignedWithItAndWithASubjectPass() {
        runner.withPropertyValues("todo.security.jwt-secret=" + TestJwts.SECRET).run(context -> {
            JwtDecoder decoder = context.getBean(JwtDecoder.class);
            assertThat(decoder.decode(TestJwts.token("alice")).getSubject()).isEqualTo("alice");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(
                            TestJwts.token("alice", "some-other-secret-of-sufficient-length!!", Duration.ofHours(1))))
                    .isInstanceOf(JwtException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(TestJwts.expiredToken("alice")))
                    .isInstanceOf(JwtException.class);
        });
    }

    @Test
    void givenNoAppToken_whenStartingOutsideLocalDevelopment_thenTheAppRefusesNamingTheSettings() {
        runner.withPropertyValues("todo.security.jwt-secret=" + TestJwts.SECRET, "todo.security.app-api-token=")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("APP_API_TOKEN")
                            .hasMessageContaining("TODO_SECURITY_LOCAL_DEVELOPMENT");
                });
    }

    @Test
    void givenNoAppTokenInLocalDevelopment_whenStarting_thenTheAppStarts() {
        runner.withPropertyValues("todo.security.jwt-secret=" + TestJwts.SECRET, "todo.security.app-api-token=",
                "todo.security.local-development=true").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void givenAJwksUriWithoutIssuerAndAudience_whenStarting_thenTheAppRefusesNamingTheEnvironmentVariables() {
        runner.withPropertyValues("todo.security.jwks-uri=https://auth.example.com/jwks.json").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("AUTH_JWT_ISSUER")
                    .hasMessageContaining("AUTH_JWT_AUDIENCE");
        });
    }

    @Test
    void givenASkewAbove30Seconds_whenStarting_thenTheAppRefuses() {
        runner.withPropertyValues("todo.security.jwt-secret=" + TestJwts.SECRET, "todo.security.jwt-clock-skew=60s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("AUTH_JWT_CLOCK_SKEW");
                });
    }

    @Test
    void givenAnExtraDaprPath_whenBound_thenItJoinsTheDefaults() {
        runner.withPropertyValues("todo.security.jwt-secret=" + TestJwts.SECRET,
                "todo.security.extra-dapr-paths=/notifications-internal/**").run(context -> {
            TodoSecurityProperties properties = context.getBean(TodoSecurityProperties.class);
            assertThat(properties.allDaprPaths()).containsExactly("/dapr/**", "/events/**", "/job/**",
                    "/internal/**", "/notifications-internal/**");
        });
    }

    @Test
    void givenAnObservationRegistry_whenARequestPassesTheChain_thenSecurityObservesNothing() {
        assertThat(securityObservationsOfOneRequest(runner)).isEmpty();
    }

    @Test
    void givenAServiceThatWantsSecurityObservations_whenItDeclaresTheSettings_thenTheyAreMade() {
        assertThat(securityObservationsOfOneRequest(runner.withBean(SecurityObservationSettings.class,
                () -> SecurityObservationSettings.withDefaults().build())))
                .contains("spring.security.authentications", "spring.security.authorizations");
    }

    @Test
    void givenTheChains_whenTheyMatchPaths_thenByPathPatternNotThroughSpringMvcsHandlerMappings() {
        runner.withPropertyValues("todo.security.jwt-secret=" + TestJwts.SECRET).run(context -> {
            FilterChainProxy proxy = context.getBean("springSecurityFilterChain", FilterChainProxy.class);
            RequestMatcher daprPaths = ((DefaultSecurityFilterChain) proxy.getFilterChains().get(0)).getRequestMatcher();

            assertThat(daprPaths.toString()).contains("PathPattern [/dapr/**]", "PathPattern [/events/**]",
                    "PathPattern [/job/**]", "PathPattern [/internal/**]").doesNotContain("Mvc");
            assertThat(daprPaths.matches(new MockHttpServletRequest("POST", "/events/task-events"))).isTrue();
            assertThat(daprPaths.matches(new MockHttpServletRequest("POST", "/api/alice/tasks"))).isFalse();
            assertThat(statusOf(proxy, "/api/alice/tasks", "alice")).isEqualTo(200);
            assertThat(statusOf(proxy, "/api/alice/tasks", "bob")).isEqualTo(403);
            assertThat(statusOf(proxy, "/api/alice/tasks", null)).isEqualTo(401);
        });
    }

    @Test
    void givenSpringMvc_whenARequestPassesTheChain_thenNoHandlerLookupRunsBeforeIt() {
        runner.withPropertyValues("todo.security.jwt-secret=" + TestJwts.SECRET).run(context -> {
            Filter chain = context.getBean(IntrospectorCacheFilterRemoval.CHAIN, Filter.class);
            List<String> attributesDownstream = new ArrayList<>();
            MockHttpServletResponse response = new MockHttpServletResponse();

            chain.doFilter(request("/api/alice/tasks", "alice"), response, (request, ignored) ->
                    attributesDownstream.addAll(Collections.list(request.getAttributeNames())));

            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(attributesDownstream).isNotEmpty()
                    .noneMatch(name -> name.startsWith(HandlerMappingIntrospector.class.getName()));
        });
    }

    private static int statusOf(Filter chain, String path, String user) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        chain.doFilter(request(path, user), response, new MockFilterChain());
        return response.getStatus();
    }

    private static MockHttpServletRequest request(String path, String user) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (user != null) {
            request.addHeader("Authorization", "Bearer " + TestJwts.token(user));
        }
        return request;
    }

    /** The names of the observations a bearer request to an /api route starts in the security filter chain. */
    private static List<String> securityObservationsOfOneRequest(WebApplicationContextRunner runner) {
        List<String> started = new CopyOnWriteArrayList<>();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                started.add(context.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        runner.withBean(ObservationRegistry.class, () -> registry)
                .withPropertyValues("todo.security.jwt-secret=" + TestJwts.SECRET).run(context -> {
                    Filter chain = context.getBean("springSecurityFilterChain", Filter.class);
                    assertThat(statusOf(chain, "/api/alice/tasks", "alice")).isEqualTo(200);
                });
        return started;
    }
}
