package dev.todo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerTimersTest {

    private static final String POST = "http_server_requests_seconds_bucket{application=\"todo-api\",error=\"none\","
            + "exception=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"201\",uri=\"/api/{user_id}/tasks\",le=\"%s\"} %s";
    private static final String LAG = "todo_outbox_publish_lag_seconds_bucket{application=\"todo-api\",le=\"%s\"} %s";

    @Test
    void theDeltaBetweenTwoScrapesGivesCountAndTheBucketEdgesOfItsPercentiles() {
        ServerTimers.Snapshot before = ServerTimers.parse("todo-api", String.join("\n",
                String.format(POST, "0.005", "10.0"), String.format(POST, "0.01", "10.0"),
                String.format(POST, "0.05", "10.0"), String.format(POST, "+Inf", "10.0")));
        // 100 more: 60 under 5 ms, 39 under 10 ms, one under 50 ms
        ServerTimers.Snapshot after = ServerTimers.parse("todo-api", String.join("\n",
                "# HELP http_server_requests_seconds", "http_server_requests_seconds_count{method=\"POST\"} 110.0",
                String.format(POST, "0.005", "70.0"), String.format(POST, "0.01", "109.0"),
                String.format(POST, "0.05", "110.0"), String.format(POST, "+Inf", "110.0")));

        List<ServerTimers.Delta> deltas = after.since(before);

        assertThat(deltas).singleElement().satisfies(delta -> {
            assertThat(delta.count()).isEqualTo(100);
            assertThat(delta.p50Millis()).isEqualTo(5.0);
            assertThat(delta.p99Millis()).isEqualTo(10.0);
            assertThat(delta.series().describe()).isEqualTo("todo-api POST /api/{user_id}/tasks 201");
        });
    }

    @Test
    void aSeriesThatRecordedNothingInBetweenIsLeftOutAndOneNewSinceIsCountedWhole() {
        ServerTimers.Snapshot before = ServerTimers.parse("todo-api",
                String.format(POST, "0.005", "3.0") + "\n" + String.format(POST, "+Inf", "3.0"));
        ServerTimers.Snapshot after = ServerTimers.parse("todo-api", String.join("\n",
                String.format(POST, "0.005", "3.0"), String.format(POST, "+Inf", "3.0"),
                String.format(LAG, "0.02", "1.0"), String.format(LAG, "+Inf", "2.0")));

        assertThat(after.since(before)).singleElement().satisfies(delta -> {
            assertThat(delta.series().describe()).isEqualTo("todo-api todo_outbox_publish_lag");
            assertThat(delta.count()).isEqualTo(2);
            assertThat(delta.p50Millis()).isEqualTo(20.0);
            assertThat(delta.p99Millis()).isInfinite();
        });
    }

    @Test
    void callsAServiceMakesAndItsStateStoreOperationsAreNamedAsSuch() {
        ServerTimers.Snapshot snapshot = ServerTimers.parse("recurring-service", String.join("\n",
                "http_client_requests_seconds_bucket{client_name=\"127.0.0.1\",method=\"POST\",status=\"201\","
                        + "uri=\"internal/tasks/{id}/next-occurrence\",le=\"0.01\"} 4.0",
                "todo_recurring_state_seconds_bucket{operation=\"get_bulk\",le=\"0.01\"} 4.0"));

        assertThat(snapshot.buckets().keySet()).extracting(ServerTimers.Series::describe).containsExactly(
                "recurring-service calls POST internal/tasks/{id}/next-occurrence 201",
                "recurring-service todo_recurring_state get_bulk");
    }

    @Test
    void daprdsHistogramsInMillisecondsAreReadAsSecondsAndNamedByTopic() {
        String bulk = "dapr_component_pubsub_egress_bulk_latencies_bucket{app_id=\"todo-api\",component=\"kafka-pubsub\","
                + "success=\"true\",topic=\"task-events\",le=\"%s\"} %s";
        ServerTimers.Snapshot before = ServerTimers.parse("daprd-todo-api",
                String.format(bulk, "5", "0") + "\n" + String.format(bulk, "25", "0") + "\n" + String.format(bulk, "+Inf", "0"));
        ServerTimers.Snapshot after = ServerTimers.parse("daprd-todo-api", String.join("\n",
                String.format(bulk, "5", "90"), String.format(bulk, "25", "100"), String.format(bulk, "+Inf", "100"),
                "dapr_http_server_request_count{app_id=\"todo-api\"} 4"));

        assertThat(after.since(before)).singleElement().satisfies(delta -> {
            assertThat(delta.series().describe())
                    .isEqualTo("daprd-todo-api dapr_component_pubsub_egress_bulk_latencies task-events");
            assertThat(delta.p50Millis()).isEqualTo(5.0);
            assertThat(delta.p99Millis()).isEqualTo(25.0);
        });
    }

    @Test
    void theScrapesOwnRouteIsNotReported() {
        ServerTimers.Snapshot snapshot = ServerTimers.parse("todo-api", String.join("\n",
                "http_server_requests_seconds_bucket{method=\"GET\",status=\"200\",uri=\"/actuator/prometheus\",le=\"0.01\"} 4.0",
                String.format(POST, "0.005", "3.0")));

        assertThat(snapshot.buckets().keySet()).singleElement()
                .satisfies(series -> assertThat(series.labels()).containsEntry("uri", "/api/{user_id}/tasks"));
    }

    @Test
    void otherMetricsAndSeriesWithoutALeLabelAreIgnored() {
        ServerTimers.Snapshot snapshot = ServerTimers.parse("x", String.join("\n",
                "jvm_gc_pause_seconds_bucket{le=\"0.01\"} 4.0",
                "http_server_requests_seconds_bucket{method=\"GET\"} 4.0",
                "http_server_requests_seconds_sum{method=\"GET\"} 4.0"));

        assertThat(snapshot.buckets()).isEmpty();
    }
}
