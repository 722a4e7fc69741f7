package dev.todo.common.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One read of a service's /actuator/prometheus, for ITs that assert a series appears after an action. */
public record PrometheusScrape(String text) {

    public static PrometheusScrape of(HttpClient http, int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("/actuator/prometheus (the test needs @AutoConfigureObservability)")
                .isEqualTo(200);
        return new PrometheusScrape(response.body());
    }

    /** The sample of one series, its name and labels written exactly as exposed; 0 when not exposed yet. */
    public double value(String series) {
        return text.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
                .findFirst().orElse(0);
    }

    public boolean has(String series) {
        return text.lines().anyMatch(line -> line.startsWith(series + " "));
    }
}
