package dev.todo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP load generator: wrk (Debian package {@code wrk}), closed loop with a fixed number of connections.
 * Each run gets a generated Lua script whose {@code done} hook prints one JSON line with the figures we table.
 */
final class Wrk {

    /** One wrk run's figures. Latencies are wrk's own (per request, microsecond resolution). */
    record Result(long requests, double seconds, long errors, long non2xx, double p50Millis, double p99Millis) {
        double throughput() {
            return requests / seconds;
        }
    }

    private static final String DONE = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('WRK_RESULT {"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\\n',
                summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
                latency:percentile(50), latency:percentile(99)))
            end
            """;

    private final Path workDir;
    private final ObjectMapper json = new ObjectMapper();

    Wrk(Path workDir) {
        this.workDir = workDir;
    }

    static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed: apt-get install -y wrk (bench/run.sh does it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs {@code body} to {@code url} with a bearer token. */
    Result post(String url, String token, String body, int connections, Duration duration) {
        String script = "wrk.method = \"POST\"\n"
                + "wrk.body = " + lua(body) + "\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.headers[\"Authorization\"] = " + lua("Bearer " + token) + "\n" + DONE;
        return run(url, script, connections, duration);
    }

    /** GETs one of {@code paths} (each with its own token) at random per request. */
    Result get(String baseUrl, List<String[]> pathsAndTokens, int connections, Duration duration) {
        StringBuilder script = new StringBuilder("local reqs = {\n");
        for (String[] pt : pathsAndTokens) {
            script.append("  {").append(lua(pt[0])).append(", ").append(lua("Bearer " + pt[1])).append("},\n");
        }
        script.append("}\n")
                .append("request = function()\n")
                .append("  local r = reqs[math.random(#reqs)]\n")
                .append("  return wrk.format(\"GET\", r[1], {[\"Authorization\"] = r[2]})\n")
                .append("end\n").append(DONE);
        return run(baseUrl, script.toString(), connections, duration);
    }

    private Result run(String url, String script, int connections, Duration duration) {
        try {
            Path file = Files.createTempFile(workDir, "wrk-", ".lua");
            Files.writeString(file, script);
            List<String> command = new ArrayList<>(List.of("wrk", "-t", String.valueOf(Math.min(2, connections)),
                    "-c", String.valueOf(connections), "-d", duration.toSeconds() + "s", "--timeout", "10s",
                    "-s", file.toString(), url));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + out);
            }
            String line = out.lines().filter(l -> l.startsWith("WRK_RESULT ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no result from wrk: " + out));
            JsonNode r = json.readTree(line.substring("WRK_RESULT ".length()));
            return new Result(r.get("requests").asLong(), r.get("duration_us").asLong() / 1e6, r.get("errors").asLong(),
                    r.get("non2xx").asLong(), r.get("p50_us").asLong() / 1000.0, r.get("p99_us").asLong() / 1000.0);
        } catch (IOException e) {
            throw new IllegalStateException("wrk could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String lua(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> s.append(c);
            }
        }
        return s.append('"').toString();
    }
}
