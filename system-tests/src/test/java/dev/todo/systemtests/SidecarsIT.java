package dev.todo.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.localstack.Http;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.RunSecrets;
import dev.todo.localstack.ServiceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SPEC §8 acceptance 1, locally: every service runs with its own daprd, which is healthy, connected to
 * its app, has the components the service needs, and has registered the service's subscriptions.
 */
@ExtendWith(LocalStackExtension.class)
class SidecarsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunSecrets secrets;

    @BeforeAll
    static void tokens(LocalStack stack) {
        secrets = stack.secrets();
    }

    @Test
    void everySidecarIsHealthyAndConnectedToItsApp() throws Exception {
        for (ServiceSpec service : ServiceSpec.ALL) {
            assertThat(Http.status(service.daprHttpUrl() + "/v1.0/healthz", Map.of())).as(service.appId()).isEqualTo(204);
            JsonNode metadata = metadata(service);
            assertThat(metadata.path("id").asText()).isEqualTo(service.appId());
            assertThat(metadata.path("appConnectionProperties").path("port").asInt()).as(service.appId()).isEqualTo(service.appPort());
            assertThat(componentNames(metadata)).as(service.appId()).contains("kafka-pubsub");
        }
    }

    @Test
    void onlyRecurringServiceHasTheStateStore() throws Exception {
        assertThat(componentNames(metadata(ServiceSpec.RECURRING_SERVICE))).contains("statestore");
        assertThat(componentNames(metadata(ServiceSpec.TODO_API))).doesNotContain("statestore");
        assertThat(componentNames(metadata(ServiceSpec.NOTIFICATION_SERVICE))).doesNotContain("statestore");
    }

    @Test
    void subscriptionsAreRegisteredWithTheirDeadLetterTopics() throws Exception {
        assertThat(subscriptions(ServiceSpec.RECURRING_SERVICE)).contains("task-events -> task-events-dlq");
        assertThat(subscriptions(ServiceSpec.NOTIFICATION_SERVICE)).contains("reminders -> reminders-dlq")
                .anyMatch(s -> s.startsWith("task-updates"));
    }

    @Test
    void pubSubScopesLetNoSubscriberForgeTaskOrReminderEvents() throws Exception {
        // A compromised subscriber (or its token) cannot forge events: its own sidecar refuses the
        // publish (dapr-components/local/kafka-pubsub.yaml publishingScopes) before Kafka sees it.
        for (ServiceSpec subscriber : List.of(ServiceSpec.NOTIFICATION_SERVICE, ServiceSpec.RECURRING_SERVICE)) {
            for (String topic : List.of("task-events", "task-updates", "reminders")) {
                HttpResponse<String> refused = publish(subscriber, topic);
                assertThat(refused.statusCode()).as("%s publishing to %s: %s", subscriber.appId(), topic, refused.body())
                        .isEqualTo(403);
                assertThat(refused.body()).contains("ERR_PUBSUB_FORBIDDEN");
            }
        }
        // todo-api publishes the events, never the dead letters of another service's subscription
        assertThat(publish(ServiceSpec.TODO_API, "reminders-dlq").statusCode()).isEqualTo(403);
        assertThat(publish(ServiceSpec.NOTIFICATION_SERVICE, "task-events-dlq").statusCode()).isEqualTo(403);
    }

    @Test
    void sidecarsRefuseCallsWithoutTheApiToken() {
        for (ServiceSpec service : ServiceSpec.ALL) {
            assertThat(Http.status(service.daprHttpUrl() + "/v1.0/metadata", Map.of())).as(service.appId()).isEqualTo(401);
        }
    }

    @Test
    void eachSidecarAndEachAppRefuseAnotherAppsToken() {
        for (ServiceSpec service : ServiceSpec.ALL) {
            for (ServiceSpec other : ServiceSpec.ALL) {
                if (other != service) {
                    assertThat(Http.status(service.daprHttpUrl() + "/v1.0/metadata",
                            Map.of("dapr-api-token", secrets.daprApiToken(other))))
                            .as("%s's sidecar with %s's token", service.appId(), other.appId()).isEqualTo(401);
                    assertThat(Http.status(service.appUrl() + "/dapr/subscribe",
                            Map.of("dapr-api-token", secrets.appApiToken(other))))
                            .as("%s's Dapr route with %s's app token", service.appId(), other.appId()).isEqualTo(401);
                }
            }
        }
    }

    private static JsonNode metadata(ServiceSpec service) throws Exception {
        HttpResponse<String> response = Http.get(service.daprHttpUrl() + "/v1.0/metadata", Map.of("dapr-api-token", secrets.daprApiToken(service)));
        assertThat(response.statusCode()).as(service.appId() + " metadata").isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> publish(ServiceSpec service, String topic) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        service.daprHttpUrl() + "/v1.0/publish/kafka-pubsub/" + topic))
                .header("dapr-api-token", secrets.daprApiToken(service))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task_id\":1,\"user_id\":\"victim\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> componentNames(JsonNode metadata) {
        List<String> names = new ArrayList<>();
        metadata.path("components").forEach(component -> names.add(component.path("name").asText()));
        return names;
    }

    /** "topic -> dead-letter topic" for each of the service's subscriptions on kafka-pubsub. */
    private static List<String> subscriptions(ServiceSpec service) throws Exception {
        List<String> subscriptions = new ArrayList<>();
        metadata(service).path("subscriptions").forEach(subscription -> {
            if (subscription.path("pubsubname").asText().equals("kafka-pubsub")) {
                subscriptions.add(subscription.path("topic").asText() + " -> " + subscription.path("deadLetterTopic").asText());
            }
        });
        return subscriptions;
    }
}
