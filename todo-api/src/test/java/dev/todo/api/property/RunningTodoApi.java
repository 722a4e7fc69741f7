package dev.todo.api.property;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todo.api.TodoApiApplication;
import dev.todo.common.test.SharedPostgres;
import dev.todo.common.test.TestJwts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole todo-api on a random HTTP port and its own database on the shared embedded PostgreSQL. jqwik
 * has no Spring test context, so the property classes start the application themselves, once per class.
 * The outbox relay is off: no sidecar runs here, and the outbox rows are what the properties count.
 */
final class RunningTodoApi implements AutoCloseable {

    static final String APP_TOKEN = "property-app-token";

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final JdbcClient jdbc;
    final ObjectMapper json = new ObjectMapper();
    final int port;

    private RunningTodoApi(ConfigurableApplicationContext context) {
        this.context = context;
        this.jdbc = JdbcClient.create(context.getBean(DataSource.class));
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    static RunningTodoApi start(String database) {
        String url = SharedPostgres.jdbcUrl(database);
        // command-line arguments outrank application.yml, so the app cannot pick up the local-stack defaults
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TodoApiApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + SharedPostgres.username(),
                "--spring.datasource.password=" + SharedPostgres.password(),
                "--todo.security.jwt-secret=" + TestJwts.SECRET,
                "--todo.security.app-api-token=" + APP_TOKEN,
                "--todo.dapr.sidecar-health-enabled=false",
                "--todo.outbox.relay.enabled=false",
                "--todo.reminder.jobs.enabled=false",
                "--spring.main.banner-mode=off");
        return new RunningTodoApi(context);
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** A fingerprint of every stored row, so "nothing changed" covers updates, not only inserts. */
    String fingerprint(String table) {
        return jdbc.sql("select coalesce(md5(string_agg(t::text, '|' order by t.id)), '') from " + table + " t")
                .query(String.class).single();
    }

    JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    record Answer(int status, String contentType, String body, HttpResponse<String> response) {

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 400 ? body.substring(0, 400) + "..." : body);
        }
    }
}
