package dev.todo.systemtests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the running stack's services wrote to their log files (logs/ in its run directory): one JSON object a line
 * (docs/CONVENTIONS.md). A line still being written has no newline yet and is left for the next read.
 */
final class ServiceLogs {

    private ServiceLogs() {
    }

    static Path file(LocalStack stack, String process) {
        return stack.runDir().resolve("logs").resolve(process + ".log");
    }

    /** The complete lines of a process's log, as written. */
    static List<String> lines(LocalStack stack, String process) {
        try {
            String text = Files.readString(file(stack, process), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            lines.remove(lines.size() - 1); // "" after the last newline, or a line still being written
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service's log entries; fails on the first line that is not a JSON object, naming it. */
    static List<JsonNode> entries(LocalStack stack, ServiceSpec service) {
        List<JsonNode> entries = new ArrayList<>();
        List<String> lines = lines(stack, service.appId());
        for (int i = 0; i < lines.size(); i++) {
            entries.add(parse(service.appId(), i + 1, lines.get(i)));
        }
        return entries;
    }

    private static JsonNode parse(String process, int number, String line) {
        try {
            JsonNode entry = UserSession.JSON.readTree(line);
            if (entry != null && entry.isObject()) {
                return entry;
            }
        } catch (JsonProcessingException notJson) {
            // reported below with the line itself
        }
        throw new AssertionError(process + ".log line " + number + " is not a JSON object: " + line);
    }
}
