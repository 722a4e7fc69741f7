package dev.todo.common.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.config.Properties;
import io.dapr.config.Property;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * The one place that builds the Dapr client, from Spring properties (so tests and Kubernetes configure it
 * like everything else) rather than from the SDK's own environment lookup.
 */
@AutoConfiguration
@EnableConfigurationProperties(DaprProperties.class)
public class DaprAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DaprClient daprClient(DaprProperties properties) {
        return new DaprClientBuilder().withPropertyOverrides(sdkProperties(properties)).build();
    }

    /** Plain gRPC stubs on the same sidecar, for the calls on an event's path. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DaprSidecarGrpc daprSidecarGrpc(DaprProperties properties) {
        return DaprSidecarGrpc.connect(new Properties(sdkProperties(properties)), properties.getApiToken());
    }

    static Map<Property<?>, String> sdkProperties(DaprProperties properties) {
        Map<Property<?>, String> sdk = new HashMap<>(Map.of(
                Properties.HTTP_ENDPOINT, "http://" + properties.getHost() + ":" + properties.getHttpPort(),
                Properties.GRPC_ENDPOINT, properties.getHost() + ":" + properties.getGrpcPort(),
                Properties.HTTP_PORT, Integer.toString(properties.getHttpPort()),
                Properties.GRPC_PORT, Integer.toString(properties.getGrpcPort()),
                Properties.HTTP_CLIENT_MAX_REQUESTS, Integer.toString(properties.getHttpMaxRequests())));
        if (properties.getApiToken() != null && !properties.getApiToken().isBlank()) {
            sdk.put(Properties.API_TOKEN, properties.getApiToken());
        }
        return sdk;
    }

    /** Service invocation through the sidecar with Boot's RestClient.Builder (observed: span + traceparent). */
    @Bean
    @ConditionalOnMissingBean
    DaprInvocationClients daprInvocationClients(DaprProperties properties, ObjectProvider<RestClient.Builder> builders) {
        return new DaprInvocationClients(properties, () -> builders.getIfAvailable(RestClient::builder));
    }

    /** Bean name gives the health contributor name {@code daprSidecar} used in the readiness group. */
    @Bean
    @ConditionalOnMissingBean(name = "daprSidecarHealthIndicator")
    DaprSidecarHealthIndicator daprSidecarHealthIndicator(DaprProperties properties) {
        return new DaprSidecarHealthIndicator(properties);
    }
}
