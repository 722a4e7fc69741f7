package dev.todo.api.property;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.property.RunningTodoApi.Answer;
import dev.todo.common.test.TestJwts;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * SPEC §2 on every todo-api route, with generated input, through the real HTTP port and a real PostgreSQL:
 * a valid body is stored exactly once with its event; an invalid one is a problem+json 400 and leaves the
 * tasks and the outbox untouched; nothing, however malformed, is ever answered with a 5xx.
 */
class TaskRoutesPropertiesIT {

    private static final int TRIES = 200;
    private static final String JSON = "application/json";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private static RunningTodoApi api;
    /** Owns one recurring task that invalid updates aim at; it must never change. */
    private static final String OWNER = "prop-owner-" + UUID.randomUUID();
    private static long ownedTask;

    @BeforeContainer
    static void startApi() {
        api = RunningTodoApi.start("todo_api_props");
        Answer created = api.send(post(OWNER, "/tasks", JSON, """
                {"title":"Target","tags":["keep"],"due_at":"2030-03-01T09:00:00Z","recurrence_pattern":"weekly",
                 "reminder_offset":"PT1H"}"""));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        ownedTask = api.read(created.body()).get("id").asLong();
    }

    @AfterContainer
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    // ---- POST /api/{user}/tasks

    @Property(tries = TRIES)
    void aValidTaskIsStoredOnceWithItsCreatedEvent(@ForAll("validTasks") Map<String, Object> task) {
        String user = "prop-" + UUID.randomUUID();
        long tasksBefore = api.count("tasks");

        Answer created = api.send(post(user, "/tasks", JSON, json(task)));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = api.read(created.body());
        long id = body.get("id").asLong();
        assertThat(created.response().headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/" + user + "/tasks/" + id));
        assertThat(api.count("tasks")).isEqualTo(tasksBefore + 1);
        assertThat(api.jdbc.sql("select count(*) from outbox_events where task_id = :id and event_type = 'created'")
                .param("id", id).query(Long.class).single()).isOne();

        Answer read = api.send(get(user, "/tasks/" + id));
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode stored = api.read(read.body());
        assertThat(stored.get("title").asText()).isEqualTo(((String) task.get("title")).strip());
        assertThat(stored.get("priority").asText()).isEqualTo(task.getOrDefault("priority", "medium"));
        assertThat(tags(stored)).isEqualTo(normalizedTags(task));
        assertThat(stored.get("user_id").asText()).isEqualTo(user);
    }

    @Property(tries = TRIES)
    void anInvalidTaskIsA400ProblemAndNothingIsStored(@ForAll("invalidTasks") Map<String, Object> task) {
        String user = "prop-" + UUID.randomUUID();
        long tasksBefore = api.count("tasks");
        long outboxBefore = api.count("outbox_events");

        Answer answer = api.send(post(user, "/tasks", JSON, json(task)));

        assertBadRequest(answer);
        assertThat(api.count("tasks")).isEqualTo(tasksBefore);
        assertThat(api.count("outbox_events")).isEqualTo(outboxBefore);
    }

    @Property(tries = TRIES)
    void aBrokenJsonDocumentIsA400ProblemAndNothingIsStored(@ForAll("validTasks") Map<String, Object> task,
            @ForAll("fractions") double cut) {
        String full = json(task);
        // every strict prefix of a JSON object is incomplete JSON
        String prefix = full.substring(0, (int) (cut * full.length()));
        long tasksBefore = api.count("tasks");
        long outboxBefore = api.count("outbox_events");

        Answer answer = api.send(post(OWNER, "/tasks", JSON, prefix));

        assertBadRequest(answer);
        assertThat(api.count("tasks")).isEqualTo(tasksBefore);
        assertThat(api.count("outbox_events")).isEqualTo(outboxBefore);
    }

    // ---- PUT, PATCH, complete on an existing task

    @Property(tries = TRIES)
    void anInvalidReplacementOrPatchChangesNothing(@ForAll("invalidTasks") Map<String, Object> replacement,
            @ForAll("invalidPatches") Map<String, Object> patch) {
        String rowBefore = ownedRow();
        long outboxBefore = api.count("outbox_events");

        assertBadRequest(api.send(put(OWNER, "/tasks/" + ownedTask, JSON, json(replacement))));
        assertBadRequest(api.send(patch(OWNER, "/tasks/" + ownedTask, MERGE_PATCH, json(patch))));

        assertThat(ownedRow()).isEqualTo(rowBefore);
        assertThat(api.count("outbox_events")).isEqualTo(outboxBefore);
    }

    @Property(tries = TRIES)
    void everyVersionOfAValidTaskHasExactlyOneEvent(@ForAll("validTasks") Map<String, Object> initial,
            @ForAll("validTasks") Map<String, Object> replacement, @ForAll("titles") String newTitle) {
        String user = "prop-" + UUID.randomUUID();
        Answer created = api.send(post(user, "/tasks", JSON, json(initial)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = api.read(created.body()).get("id").asLong();
        long firstVersion = api.read(created.body()).get("version").asLong();
        long tasksAfterCreate = api.count("tasks");

        Answer replaced = api.send(put(user, "/tasks/" + id, JSON, json(replacement)));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        Answer patched = api.send(patch(user, "/tasks/" + id, MERGE_PATCH, json(Map.of("title", newTitle))));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(api.read(patched.body()).get("title").asText()).isEqualTo(newTitle.strip());
        long versionBeforeToggle = api.read(patched.body()).get("version").asLong();
        Answer toggled = api.send(patch(user, "/tasks/" + id + "/complete", null, null));
        assertThat(toggled.status()).as(toggled.toString()).isEqualTo(200);
        long lastVersion = api.read(toggled.body()).get("version").asLong();

        // a toggle always changes the task; a PUT or PATCH that changes nothing writes no event
        assertThat(lastVersion).isGreaterThan(versionBeforeToggle);
        assertThat(api.count("tasks")).isEqualTo(tasksAfterCreate);
        assertThat(api.jdbc.sql("select count(*) from outbox_events where task_id = :id and topic = 'task-events'")
                .param("id", id).query(Long.class).single()).isEqualTo(1 + lastVersion - firstVersion);

        Answer deleted = api.send(delete(user, "/tasks/" + id));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(api.send(get(user, "/tasks/" + id)).status()).isEqualTo(404);
    }

    // ---- anything at all, on every route with a body

    @Property(tries = TRIES)
    void noBodyOnAnyRouteIsEverA5xx(@ForAll("anyBodies") String body, @ForAll("contentTypes") String contentType,
            @ForAll("bodyRoutes") String route) {
        String rowBefore = ownedRow();
        long tasksBefore = api.count("tasks");
        long outboxBefore = api.count("outbox_events");

        Answer answer = api.send(switch (route) {
            case "POST tasks" -> post(OWNER, "/tasks", contentType, body);
            case "PUT task" -> put(OWNER, "/tasks/" + ownedTask, contentType, body);
            case "PATCH task" -> patch(OWNER, "/tasks/" + ownedTask, contentType, body);
            case "PATCH complete" -> patch(OWNER, "/tasks/" + ownedTask + "/complete", contentType, body);
            case "POST next-occurrence" -> internal("/internal/tasks/" + ownedTask + "/next-occurrence", contentType, body);
            default -> throw new IllegalArgumentException(route);
        });

        assertThat(answer.status()).as(answer.toString()).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.isProblem()).as(answer.toString()).isTrue();
            assertThat(ownedRow()).isEqualTo(rowBefore);
            assertThat(api.count("tasks")).isEqualTo(tasksBefore);
            assertThat(api.count("outbox_events")).isEqualTo(outboxBefore);
        } else if (answer.status() == 200 && !route.equals("POST tasks")) {
            // a successful update of the owned task: restore it so later tries aim at the same target
            restoreOwnedTask();
        }
    }

    // ---- GET list parameters

    @Property(tries = TRIES)
    void listParametersAreAnsweredWith200OrA400ProblemExactlyAsTheRulesSay(
            @ForAll("listQueries") List<Param> params) {
        String query = params.stream()
                .map(p -> p.name() + "=" + URLEncoder.encode(p.value(), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b).map(q -> "?" + q).orElse("");

        Answer answer = api.send(get(OWNER, "/tasks" + query));

        if (validList(params)) {
            assertThat(answer.status()).as(query + " -> " + answer).isEqualTo(200);
            assertThat(api.read(answer.body()).isArray()).isTrue();
            assertThat(answer.response().headers().firstValue("X-Total-Count")).isPresent();
        } else {
            assertThat(answer.status()).as(query + " -> " + answer).isEqualTo(400);
            assertThat(answer.isProblem()).as(answer.toString()).isTrue();
        }
    }

    // ---- ids, counts, users

    @Property(tries = TRIES)
    void anIdThatIsNotTheUsersIsA4xxProblemOnEveryRoute(@ForAll("foreignIds") String id,
            @ForAll("idRoutes") String route) {
        String stranger = "prop-stranger-" + UUID.randomUUID();
        String rowBefore = ownedRow();
        long tasksBefore = api.count("tasks");
        long outboxBefore = api.count("outbox_events");
        String task = "/tasks/" + id;

        Answer answer = api.send(switch (route) {
            case "GET" -> get(stranger, task);
            case "PUT" -> put(stranger, task, JSON, "{\"title\":\"x\"}");
            case "PATCH" -> patch(stranger, task, MERGE_PATCH, "{\"title\":\"x\"}");
            case "DELETE" -> delete(stranger, task);
            case "complete" -> patch(stranger, task + "/complete", null, null);
            case "occurrences" -> get(stranger, task + "/occurrences");
            case "history" -> get(stranger, task + "/history");
            default -> throw new IllegalArgumentException(route);
        });

        assertThat(answer.status()).as(route + " " + id + " -> " + answer).isIn(400, 404);
        assertThat(answer.isProblem()).as(answer.toString()).isTrue();
        assertThat(ownedRow()).isEqualTo(rowBefore);
        assertThat(api.count("tasks")).isEqualTo(tasksBefore);
        assertThat(api.count("outbox_events")).isEqualTo(outboxBefore);
    }

    @Property(tries = TRIES)
    void occurrenceCountsOutside1To100AreA400Problem(@ForAll("counts") String count) {
        Answer answer = api.send(get(OWNER, "/tasks/" + ownedTask + "/occurrences?count="
                + URLEncoder.encode(count, StandardCharsets.UTF_8)));

        Integer n = parseInt(count);
        if (n != null && n >= 1 && n <= 100) {
            assertThat(answer.status()).as(count + " -> " + answer).isEqualTo(200);
            assertThat(api.read(answer.body()).size()).isEqualTo(n);
        } else {
            assertThat(answer.status()).as(count + " -> " + answer).isEqualTo(400);
            assertThat(answer.isProblem()).isTrue();
        }
    }

    @Property(tries = TRIES)
    void aPathUserOtherThanTheTokensIsRefusedAndStoresNothing(@ForAll("userSegments") String pathUser,
            @ForAll("credentials") String authorization, @ForAll("validTasks") Map<String, Object> task) {
        long tasksBefore = api.count("tasks");
        HttpRequest.Builder request = api.request("/api/" + pathUser + "/tasks")
                .header("Content-Type", JSON).POST(BodyPublishers.ofString(json(task)));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }

        Answer answer = api.send(request.build());

        assertThat(answer.status()).as(pathUser + " -> " + answer).isIn(401, 403);
        assertThat(answer.isProblem()).as(answer.toString()).isTrue();
        assertThat(api.count("tasks")).isEqualTo(tasksBefore);
    }

    @Property(tries = TRIES)
    void jobCallbacksWithAnyNameAreNeverA5xx(@ForAll("jobNames") String name) {
        long outboxBefore = api.count("outbox_events");

        Answer answer = api.send(api.request("/job/" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .header("dapr-api-token", RunningTodoApi.APP_TOKEN)
                .header("Content-Type", JSON).POST(BodyPublishers.ofString("{}")).build());

        assertThat(answer.status()).as(name + " -> " + answer).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.isProblem()).as(answer.toString()).isTrue();
        }
        // no task of that name is open and due: no reminder may be written
        assertThat(api.count("outbox_events")).isEqualTo(outboxBefore);
    }

    // ---- generators

    @Provide
    Arbitrary<Map<String, Object>> validTasks() {
        return TaskBodies.valid();
    }

    @Provide
    Arbitrary<Map<String, Object>> invalidTasks() {
        return TaskBodies.invalid(false);
    }

    @Provide
    Arbitrary<Map<String, Object>> invalidPatches() {
        return TaskBodies.invalid(true);
    }

    @Provide
    Arbitrary<String> titles() {
        return TaskBodies.title();
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.integers().between(0, 999).map(n -> n / 1000.0);
    }

    @Provide
    Arbitrary<String> anyBodies() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(300);
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.-+eEtrufalsn \\u").ofMaxLength(60);
        Arbitrary<String> fieldSoup = Combinators.combine(
                Arbitraries.of("title", "description", "completed", "priority", "tags", "due_at", "time_zone",
                        "recurrence_pattern", "recurrence_anchor", "reminder_offset", "id", "version", "series_id",
                        "occurrence", "user_id").list().ofMaxSize(6),
                jsonValue().list().ofMinSize(6).ofMaxSize(6))
                .as((keys, values) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        body.put(keys.get(i), values.get(i));
                    }
                    return json(body);
                });
        return Arbitraries.oneOf(text, jsonish, fieldSoup);
    }

    private static Arbitrary<Object> jsonValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null),
                Arbitraries.strings().alpha().ofMaxLength(5).list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.of("2030-01-01T00:00:00Z", "PT5M", "daily", "Europe/Berlin", "high", "completion")
                        .map(s -> (Object) s));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(JSON, JSON, MERGE_PATCH, "text/plain", "application/xml", "application/json; charset=utf-8",
                "multipart/form-data; boundary=x", "nonsense", "");
    }

    @Provide
    Arbitrary<String> bodyRoutes() {
        return Arbitraries.of("POST tasks", "PUT task", "PATCH task", "PATCH complete", "POST next-occurrence");
    }

    @Provide
    Arbitrary<String> idRoutes() {
        return Arbitraries.of("GET", "PUT", "PATCH", "DELETE", "complete", "occurrences", "history");
    }

    /** Path segments Tomcat passes to the application: numbers of every size, words, punctuation. */
    @Provide
    Arbitrary<String> foreignIds() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.just(String.valueOf(ownedTask)),
                Arbitraries.strings().numeric().ofMinLength(19).ofMaxLength(40),
                Arbitraries.strings().withChars("abcdefXYZ0123456789-_~!$'()*+,=@").ofMinLength(1).ofMaxLength(30)
                        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<String> counts() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-200, 300).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789-+ .eaxN").ofMinLength(1).ofMaxLength(12),
                Arbitraries.of("5", "100", "101", "0", "2147483648", "1e2", " 7"));
    }

    @Provide
    Arbitrary<String> userSegments() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.~").ofMinLength(1).ofMaxLength(40)
                .filter(u -> !u.equals(OWNER) && !u.equals(".") && !u.equals(".."));
    }

    @Provide
    Arbitrary<String> credentials() {
        return Arbitraries.oneOf(
                Arbitraries.just("Bearer " + TestJwts.token(OWNER)),
                Arbitraries.just("Bearer " + TestJwts.expiredToken(OWNER)),
                Arbitraries.just("Bearer " + TestJwts.token(OWNER, "another-secret-0123456789-abcdefghijkl",
                        java.time.Duration.ofHours(1))),
                Arbitraries.strings().withChars("abcdefABCDEF0123456789.-_").ofMaxLength(80).map(t -> "Bearer " + t),
                Arbitraries.of("", "Basic dXNlcjpwYXNz", "Bearer", "bearer "));
    }

    @Provide
    Arbitrary<String> jobNames() {
        return Arbitraries.oneOf(
                // ids no task has: negative, or far beyond what this run creates
                Arbitraries.longs().between(Long.MIN_VALUE, -1).map(n -> "reminder-" + n),
                Arbitraries.longs().between(1_000_000_000_000L, Long.MAX_VALUE).map(n -> "reminder-" + n),
                // "." and ".." are path navigation, not names: the servlet layer normalizes them away
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.").ofMinLength(1).ofMaxLength(40)
                        .filter(n -> !n.startsWith("reminder-") && !n.equals(".") && !n.equals("..")),
                Arbitraries.strings().numeric().ofMinLength(19).ofMaxLength(30).map(n -> "reminder-" + n));
    }

    /** One query parameter and whether the list rules accept it. */
    record Param(String name, String value, boolean valid) {
    }

    @Provide
    Arbitrary<List<Param>> listQueries() {
        Arbitrary<Param> param = Arbitraries.oneOf(
                choice("status", List.of("all", "pending", "completed"), List.of("done", "ALL", "", "all'--")),
                choice("priority", List.of("low", "medium", "high"), List.of("urgent", "HIGH", "")),
                Arbitraries.strings().withChars(TaskBodies.TAG).ofMinLength(1).ofMaxLength(30)
                        .map(t -> new Param("tag", t, true)),
                Arbitraries.strings().withChars(TaskBodies.TAG).ofMinLength(31).ofMaxLength(50)
                        .map(t -> new Param("tag", t, false)),
                Arbitraries.strings().withChars(TaskBodies.TEXT).ofMaxLength(200).map(q -> new Param("q", q, true)),
                Arbitraries.strings().withChars("abc").ofMinLength(201).ofMaxLength(260).map(q -> new Param("q", q, false)),
                Arbitraries.longs().between(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
                                Instant.parse("2040-01-01T00:00:00Z").getEpochSecond())
                        .map(s -> Instant.ofEpochSecond(s).toString())
                        .flatMap(i -> Arbitraries.of("due_from", "due_to").map(n -> new Param(n, i, true))),
                Arbitraries.of("yesterday", "2026-13-01T00:00:00Z", "2026-01-01", "")
                        .flatMap(i -> Arbitraries.of("due_from", "due_to").map(n -> new Param(n, i, false))),
                choice("overdue", List.of("true", "false"), List.of("yes", "1", "")),
                choice("sort", List.of("due_at", "priority", "title", "created_at", "updated_at"),
                        List.of("random", "id", "title;drop table tasks", "")),
                choice("order", List.of("asc", "desc"), List.of("sideways", "ASC", "")),
                Arbitraries.integers().between(-5, 1_000_100).map(n -> new Param("page", String.valueOf(n),
                        n >= 0 && n <= 1_000_000)),
                Arbitraries.integers().between(-5, 300).map(n -> new Param("size", String.valueOf(n), n >= 1 && n <= 200)),
                Arbitraries.of("abc", "1.5", "", "99999999999").map(v -> new Param(
                        v.isEmpty() ? "page" : "size", v, false)));
        return param.list().ofMaxSize(6);
    }

    private static Arbitrary<Param> choice(String name, List<String> valid, List<String> invalid) {
        return Arbitraries.oneOf(
                Arbitraries.of(valid).map(v -> new Param(name, v, true)),
                Arbitraries.of(invalid).map(v -> new Param(name, v, false)));
    }

    /** The list rules of SPEC §2 restated independently of the implementation. */
    private static boolean validList(List<Param> params) {
        Set<String> repeatable = Set.of("priority", "tag");
        Map<String, Integer> times = new LinkedHashMap<>();
        Set<String> tags = new LinkedHashSet<>();
        String from = null;
        String to = null;
        for (Param p : params) {
            if (!p.valid()) {
                return false;
            }
            times.merge(p.name(), 1, Integer::sum);
            switch (p.name()) {
                case "tag" -> tags.add(p.value().strip().toLowerCase(Locale.ROOT));
                case "due_from" -> from = p.value();
                case "due_to" -> to = p.value();
                default -> { }
            }
        }
        for (Map.Entry<String, Integer> e : times.entrySet()) {
            if (e.getValue() > 1 && !repeatable.contains(e.getKey())) {
                return false;
            }
        }
        if (tags.size() > 20) {
            return false;
        }
        return from == null || to == null || !Instant.parse(from).isAfter(Instant.parse(to));
    }

    // ---- helpers

    private static void assertBadRequest(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.isProblem()).as(answer.toString()).isTrue();
        JsonNode problem = api.read(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.hasNonNull("title")).isTrue();
    }

    private static String ownedRow() {
        return api.jdbc.sql("select md5(t::text) from tasks t where id = :id").param("id", ownedTask)
                .query(String.class).single();
    }

    private static void restoreOwnedTask() {
        Answer restored = api.send(put(OWNER, "/tasks/" + ownedTask, JSON, """
                {"title":"Target","tags":["keep"],"due_at":"2030-03-01T09:00:00Z","recurrence_pattern":"weekly",
                 "reminder_offset":"PT1H","completed":false}"""));
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> tags(JsonNode task) {
        List<String> tags = new ArrayList<>();
        task.get("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    @SuppressWarnings("unchecked")
    private static List<String> normalizedTags(Map<String, Object> task) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : (List<String>) task.getOrDefault("tags", List.of())) {
            tags.add(tag.strip().toLowerCase(Locale.ROOT));
        }
        return new ArrayList<>(tags);
    }

    private static String json(Object body) {
        try {
            return api.json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest get(String user, String path) {
        return api.request("/api/" + user + path).header("Authorization", "Bearer " + TestJwts.token(user)).GET().build();
    }

    private static HttpRequest delete(String user, String path) {
        return api.request("/api/" + user + path).header("Authorization", "Bearer " + TestJwts.token(user)).DELETE().build();
    }

    private static HttpRequest post(String user, String path, String contentType, String body) {
        return withBody(user, path, "POST", contentType, body);
    }

    private static HttpRequest put(String user, String path, String contentType, String body) {
        return withBody(user, path, "PUT", contentType, body);
    }

    private static HttpRequest patch(String user, String path, String contentType, String body) {
        return withBody(user, path, "PATCH", contentType, body);
    }

    private static HttpRequest withBody(String user, String path, String method, String contentType, String body) {
        HttpRequest.Builder request = api.request("/api/" + user + path)
                .header("Authorization", "Bearer " + TestJwts.token(user))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null && !contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        return request.build();
    }

    private static HttpRequest internal(String path, String contentType, String body) {
        HttpRequest.Builder request = api.request(path).header("dapr-api-token", RunningTodoApi.APP_TOKEN)
                .POST(BodyPublishers.ofString(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        return request.build();
    }
}
