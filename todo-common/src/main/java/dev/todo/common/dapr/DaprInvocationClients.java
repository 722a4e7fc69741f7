package dev.todo.common.dapr;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * RestClients that invoke another Dapr app through this app's sidecar
 * ({@code /v1.0/invoke/{app-id}/method/...}), as Dapr recommends over the SDKs' {@code invokeMethod} (deprecated in
 * the Java SDK). Each client comes from Spring Boot's {@code RestClient.Builder}, so Micrometer's observation makes
 * the client span and writes its W3C {@code traceparent} into the request; a caller names that span per request
 * with {@link #SPAN_NAME}.
 *
 * <p>Requests go through {@link SimpleClientHttpRequestFactory} (HttpURLConnection): the I/O runs on the calling
 * thread, which blocks on the answer anyway, so no selector or executor thread hands the result back (on a busy
 * machine each hand-off waits for a core), and the JDK keeps the connection to the local sidecar alive. Its one
 * quirk, resending a POST once when a kept-alive connection turns out closed ({@code sun.net.http.retryPost}),
 * is acceptable only for idempotent routes: invoke non-idempotent ones through another client.
 */
public class DaprInvocationClients {

    /** Request attribute naming the call's client span, e.g. "invoke todo-api create next occurrence". */
    public static final String SPAN_NAME = DaprInvocationObservationConvention.SPAN_NAME;

    private final DaprProperties properties;
    private final Supplier<RestClient.Builder> builders;

    /** @param builders a fresh builder per client (Boot's builder bean is prototype-scoped and mutable) */
    public DaprInvocationClients(DaprProperties properties, Supplier<RestClient.Builder> builders) {
        this.properties = properties;
        this.builders = builders;
    }

    /**
     * A client whose relative URIs are {@code appId}'s routes.
     *
     * @param readTimeout longest wait for the answer once connected (the sidecar waits for the app meanwhile)
     */
    public RestClient forApp(String appId, Duration readTimeout) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.getInvocationConnectTimeout());
        requests.setReadTimeout(readTimeout);
        RestClient.Builder builder = builders.get()
                .requestFactory(requests)
                .observationConvention(new DaprInvocationObservationConvention())
                .baseUrl("http://" + properties.getHost() + ":" + properties.getHttpPort()
                        + "/v1.0/invoke/" + appId + "/method/");
        String token = properties.getApiToken();
        if (token != null && !token.isBlank()) {
            builder.defaultHeader("dapr-api-token", token);
        }
        return builder.build();
    }
}
