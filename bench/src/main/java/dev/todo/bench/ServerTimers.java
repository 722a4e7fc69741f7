package dev.todo.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' own latency histograms (Micrometer timers with percentile histograms, read from
 * {@code /actuator/prometheus}) and their sidecars' (daprd's {@code /metrics}) between two scrapes: where a client-side tail is spent — inside a service, or
 * between them (sidecars, Kafka, the CPU queue of a shared machine). Percentiles are the upper edge of the bucket
 * that holds them, as Prometheus' histogram_quantile would bound them.
 */
final class ServerTimers {

    /**
     * The timers read: HTTP server requests, the calls a service makes through its sidecar (service invocation,
     * recurring-service's state store) and the outbox relay's hops.
     */
    static final List<String> TIMERS = List.of("http_server_requests_seconds", "http_client_requests_seconds",
            "todo_recurring_state_seconds", "todo_outbox_pickup_lag_seconds", "todo_outbox_wave_publish_seconds",
            "todo_outbox_publish_lag_seconds");

    /**
     * daprd's own histograms (in milliseconds, on each sidecar's metrics port): the same hops seen from the sidecar,
     * so that a tail can be split between the app's SDK and gRPC hand-offs and the sidecar with its broker or store.
     */
    static final List<String> DAPRD_MILLISECOND_HISTOGRAMS = List.of("dapr_component_pubsub_egress_latencies",
            "dapr_component_pubsub_egress_bulk_latencies", "dapr_component_pubsub_ingress_bulk_latencies",
            "dapr_component_state_latencies");

    /** The bench's own scrape: one request per service and window, not part of what is measured. */
    static final String SCRAPE_ROUTE = "/actuator/prometheus";

    private static final Pattern BUCKET = Pattern.compile("^(\\w+)_bucket\\{(.*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One timer series: its name and labels without {@code le}. */
    record Series(String service, String timer, Map<String, String> labels) {

        String describe() {
            String route = labels.containsKey("uri")
                    ? labels.getOrDefault("method", "") + " " + labels.get("uri") + " " + labels.getOrDefault("status", "")
                    : timer.replace("_seconds", "") + " " + labels.getOrDefault("operation",
                            labels.getOrDefault("topic", ""));
            String direction = timer.startsWith("http_client_") ? " calls " : " ";
            return service + direction + route.trim();
        }
    }

    /** Cumulative bucket counts per series, by upper edge in seconds. */
    record Snapshot(Map<Series, TreeMap<Double, Double>> buckets) {

        /** What was recorded after {@code before}: per series, count and bucket-bounded p50/p99 (ms). */
        List<Delta> since(Snapshot before) {
            List<Delta> deltas = new ArrayList<>();
            buckets.forEach((series, after) -> {
                TreeMap<Double, Double> earlier = before.buckets.getOrDefault(series, new TreeMap<>());
                TreeMap<Double, Double> delta = new TreeMap<>();
                after.forEach((le, count) -> delta.put(le, count - earlier.getOrDefault(le, 0.0)));
                double total = delta.isEmpty() ? 0 : delta.lastEntry().getValue();
                if (total > 0) {
                    deltas.add(new Delta(series, (long) total, quantileMillis(delta, total, 0.50),
                            quantileMillis(delta, total, 0.99)));
                }
            });
            return deltas;
        }

        private static double quantileMillis(TreeMap<Double, Double> cumulative, double total, double q) {
            for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
                if (bucket.getValue() >= q * total) {
                    return bucket.getKey() * 1000;
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    record Delta(Series series, long count, double p50Millis, double p99Millis) {

        String describe() {
            return String.format("%d, p50 ≤ %s ms, p99 ≤ %s ms", count, millis(p50Millis), millis(p99Millis));
        }

        private static String millis(double value) {
            return Double.isInfinite(value) ? "+Inf" : String.format("%.1f", value);
        }
    }

    private ServerTimers() {
    }

    /** A service's scrape address from its base URL. */
    static String appScrape(String baseUrl) {
        return baseUrl + SCRAPE_ROUTE;
    }

    /** Reads every target's timers; a target that does not answer contributes nothing (the run goes on). */
    static Snapshot scrape(Map<String, String> scrapeUrls) {
        Map<Series, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        scrapeUrls.forEach((service, url) -> {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    buckets.putAll(parse(service, response.body()).buckets());
                }
            } catch (IOException e) {
                // a missing hop shows as a missing row
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return new Snapshot(buckets);
    }

    static Snapshot parse(String service, String exposition) {
        Map<Series, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        exposition.lines().forEach(line -> {
            Matcher bucket = BUCKET.matcher(line);
            if (!bucket.find()) {
                return;
            }
            boolean millis = DAPRD_MILLISECOND_HISTOGRAMS.contains(bucket.group(1));
            if (!millis && !TIMERS.contains(bucket.group(1))) {
                return;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(bucket.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            String le = labels.remove("le");
            if (le == null || SCRAPE_ROUTE.equals(labels.get("uri"))) {
                return;
            }
            double edge = "+Inf".equals(le) ? Double.POSITIVE_INFINITY
                    : Double.parseDouble(le) / (millis ? 1000 : 1);
            buckets.computeIfAbsent(new Series(service, bucket.group(1), labels), s -> new TreeMap<>())
                    .put(edge, Double.parseDouble(bucket.group(3)));
        });
        return new Snapshot(buckets);
    }

    /** One info row per series that recorded anything, in the given section. */
    static List<Row> rows(String section, List<Delta> deltas) {
        return deltas.stream()
                .map(d -> Row.info(section, "inside the services: " + d.series().describe() + " (server histogram)",
                        d.describe()))
                .toList();
    }
}
