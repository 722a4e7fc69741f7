package dev.todo.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The OpenAPI v3 schemas of Dapr's CRDs (charts/dapr/crds/*.yaml of the pinned Dapr module) and a
 * check of an object against them the way the API server treats a structural schema: a field the
 * schema does not declare is unknown (the API server drops it, or refuses it under strict field
 * validation), a declared field must have the declared type, required fields must be there.
 */
final class DaprCrdSchemas {

    private final Map<String, JsonNode> schemas;

    private DaprCrdSchemas(Map<String, JsonNode> schemas) {
        this.schemas = schemas;
    }

    static DaprCrdSchemas load(Path crdDir) {
        Map<String, JsonNode> schemas = new HashMap<>();
        try (Stream<Path> files = Files.list(crdDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode crd : StrictYaml.documents(Files.readString(file))) {
                    if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                        continue;
                    }
                    String group = crd.path("spec").path("group").asText();
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode version : crd.path("spec").path("versions")) {
                        schemas.put(group + "/" + version.path("name").asText() + "/" + kind,
                                version.path("schema").path("openAPIV3Schema"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (schemas.isEmpty()) {
            throw new AssertionError("no CustomResourceDefinition in " + crdDir);
        }
        return new DaprCrdSchemas(schemas);
    }

    boolean knows(String apiVersion, String kind) {
        return schemas.containsKey(apiVersion + "/" + kind);
    }

    /** Every way the object differs from its CRD's schema; empty when it conforms. */
    List<String> problems(JsonNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        JsonNode schema = schemas.get(key);
        List<String> problems = new ArrayList<>();
        if (schema == null) {
            problems.add("no CRD for " + key + " (known: " + schemas.keySet() + ")");
            return problems;
        }
        check(object, schema, "", problems, true);
        return problems;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> problems, boolean root) {
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(path + ": null is not allowed");
            }
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.path("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(path + ": " + value + " is not one of " + schema.path("enum"));
            }
        }
        String type = schema.path("type").asText("");
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(path + ": expected an integer or a string, got " + value);
            }
            return;
        }
        switch (type) {
            case "string" -> expect(value.isTextual(), "a string", value, path, problems);
            case "integer" -> expect(value.isIntegralNumber(), "an integer", value, path, problems);
            case "number" -> expect(value.isNumber(), "a number", value, path, problems);
            case "boolean" -> expect(value.isBoolean(), "a boolean", value, path, problems);
            case "array" -> {
                if (expect(value.isArray(), "an array", value, path, problems) && schema.has("items")) {
                    for (int i = 0; i < value.size(); i++) {
                        check(value.get(i), schema.path("items"), path + "[" + i + "]", problems, false);
                    }
                }
            }
            case "object", "" -> {
                if (type.isEmpty() && preserveUnknown) {
                    return; // any value (e.g. a component metadata item's value)
                }
                if (!expect(value.isObject(), "an object", value, path, problems)) {
                    return;
                }
                checkObject(value, schema, path, problems, root, preserveUnknown);
            }
            default -> problems.add(path + ": the schema's type " + type + " is not understood by this check");
        }
    }

    private static void checkObject(JsonNode value, JsonNode schema, String path, List<String> problems,
            boolean root, boolean preserveUnknown) {
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (root && field.getKey().equals("metadata")) {
                continue; // ObjectMeta: validated by the API server itself, not by the CRD schema
            }
            if (properties.has(field.getKey())) {
                check(field.getValue(), properties.get(field.getKey()), fieldPath, problems, false);
            } else if (additional != null && additional.isObject()) {
                check(field.getValue(), additional, fieldPath, problems, false);
            } else if (!(preserveUnknown || (additional != null && additional.asBoolean(false)))) {
                problems.add(fieldPath + ": unknown field (not in the CRD's schema; the API server drops it)");
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add((path.isEmpty() ? "" : path + ".") + required.asText() + ": required by the CRD's schema");
            }
        }
    }

    private static boolean expect(boolean ok, String what, JsonNode value, String path, List<String> problems) {
        if (!ok) {
            problems.add(path + ": expected " + what + ", got " + value);
        }
        return ok;
    }
}
