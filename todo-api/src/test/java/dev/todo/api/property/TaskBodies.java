package dev.todo.api.property;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of task bodies (SPEC §2 "Task fields"): valid ones anywhere inside the field rules, and invalid
 * ones that break exactly one rule of an otherwise valid body, so a 400 can only come from that rule.
 */
final class TaskBodies {

    /** Printable characters of several scripts, including JSON's special characters. */
    static final String TEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,!?'\"()[]{}&%$#@/\\:;<>+=*~`^|éßüñΩжא中文";
    static final String TAG = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:#+éü";
    private static final List<String> FREQUENCIES = List.of("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY",
            "MONTHLY", "YEARLY");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();
    private static final Instant EARLIEST_DUE = Instant.parse("2027-01-01T00:00:00Z");
    private static final Instant LATEST_DUE = Instant.parse("2099-12-31T00:00:00Z");

    /** One broken rule: what it is, how it changes a valid body, and whether it still breaks as a merge patch. */
    record Mutation(String rule, Function<Map<String, Object>, Map<String, Object>> apply, boolean breaksPatch) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private TaskBodies() {
    }

    static Arbitrary<String> title() {
        return Arbitraries.strings().withChars(TEXT).ofMinLength(1).ofMaxLength(200).filter(t -> !t.isBlank());
    }

    static Arbitrary<Map<String, Object>> valid() {
        Arbitrary<String> description = Arbitraries.strings().withChars(TEXT + "\n\t").ofMaxLength(4000).injectNull(0.3);
        Arbitrary<String> priority = Arbitraries.of("low", "medium", "high").injectNull(0.3);
        Arbitrary<List<String>> tags = Arbitraries.strings().withChars(TAG).ofMinLength(1).ofMaxLength(30)
                .list().ofMaxSize(20).injectNull(0.2);
        Arbitrary<Boolean> completed = Arbitraries.of(true, false).injectNull(0.5);
        Arbitrary<String> zone = Arbitraries.of(ZONES).injectNull(0.4);
        Arbitrary<Instant> due = Arbitraries.longs().between(EARLIEST_DUE.getEpochSecond(), LATEST_DUE.getEpochSecond())
                .map(Instant::ofEpochSecond).injectNull(0.3);
        Arbitrary<Boolean> localDue = Arbitraries.of(true, false);
        Arbitrary<String> recurrence = Arbitraries.oneOf(
                Arbitraries.of("daily", "weekdays", "weekly", "monthly", "yearly"),
                Arbitraries.integers().between(1, 30).map(n -> "FREQ=DAILY;INTERVAL=" + n),
                Arbitraries.of("MO", "TU", "WE", "TH", "FR", "SA", "SU").set().ofMinSize(1)
                        .map(days -> "RRULE:FREQ=WEEKLY;BYDAY=" + String.join(",", days)),
                Arbitraries.integers().between(1, 28).map(d -> "FREQ=MONTHLY;BYMONTHDAY=" + d),
                Arbitraries.integers().between(2, 50).map(n -> "FREQ=WEEKLY;COUNT=" + n)).injectNull(0.5);
        Arbitrary<String> anchor = Arbitraries.of("due", "completion").injectNull(0.5);
        Arbitrary<String> reminder = Arbitraries.longs().between(0, Duration.ofDays(366).toSeconds())
                .map(s -> Duration.ofSeconds(s).toString()).injectNull(0.5);

        Arbitrary<Map<String, Object>> core = Combinators.combine(title(), description, priority, tags, completed)
                .as((t, d, p, g, c) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("title", t);
                    putIfPresent(body, "description", d);
                    putIfPresent(body, "priority", p);
                    putIfPresent(body, "tags", g);
                    putIfPresent(body, "completed", c);
                    return body;
                });
        return Combinators.combine(core, zone, due, localDue, recurrence, anchor, reminder)
                .as((body, z, d, local, r, a, rem) -> {
                    Map<String, Object> task = new LinkedHashMap<>(body);
                    putIfPresent(task, "time_zone", z);
                    putIfPresent(task, "recurrence_anchor", a);
                    if (d != null) {
                        // without an offset, due_at is read in time_zone (a DST gap moves it forward: still valid)
                        task.put("due_at", local
                                ? LocalDateTime.ofInstant(d, ZoneOffset.UTC).toString()
                                : d.toString());
                        putIfPresent(task, "recurrence_pattern", r);
                        putIfPresent(task, "reminder_offset", rem);
                    }
                    return task;
                });
    }

    /** A valid body with one rule broken. */
    static Arbitrary<Map<String, Object>> invalid(boolean asPatch) {
        Arbitrary<Mutation> mutation = asPatch
                ? Arbitraries.oneOf(mutations()).filter(Mutation::breaksPatch)
                : Arbitraries.oneOf(mutations());
        return Combinators.combine(valid(), mutation).as((body, m) -> m.apply().apply(new LinkedHashMap<>(body)));
    }

    static List<Arbitrary<Mutation>> mutations() {
        Arbitrary<String> controlChar = Arbitraries.chars().with(controlCharacters()).map(String::valueOf);
        List<Arbitrary<Mutation>> all = new ArrayList<>();
        all.add(Arbitraries.strings().withChars(" \t\n\r\u2003").ofMaxLength(10)
                .map(blank -> set("blank title", "title", blank, true)));
        all.add(Arbitraries.strings().withChars(TEXT.replace(" ", "")).ofMinLength(201).ofMaxLength(300)
                .map(t -> set("title over 200", "title", t, true)));
        all.add(Combinators.combine(title(), controlChar)
                .as((t, c) -> set("control character in title", "title", "x" + c + t + "y", true)));
        all.add(Arbitraries.of(5, 0, -1.5, true, false, List.of("a"), Map.of("text", "a"))
                .map(v -> set("title of the wrong type", "title", v, true)));
        all.add(Arbitraries.just(new Mutation("title missing", b -> {
            b.remove("title");
            return b;
        }, false)));
        all.add(Arbitraries.just(set("title null", "title", null, true)));
        all.add(Arbitraries.strings().withChars(TEXT).ofMinLength(4001).ofMaxLength(4100)
                .map(d -> set("description over 4000", "description", d, true)));
        all.add(Combinators.combine(title(), controlChar.filter(c -> !"\n\r\t".contains(c)))
                .as((d, c) -> set("control character in description", "description", d + c, true)));
        all.add(Arbitraries.oneOf(
                        Arbitraries.strings().withChars(TEXT).ofMaxLength(12)
                                .filter(p -> !Set.of("low", "medium", "high").contains(p)),
                        Arbitraries.of("LOW", "High", " medium", "urgent"))
                .map(p -> set("unknown priority", "priority", p, true)));
        all.add(Arbitraries.of(1, true, List.of("high")).map(p -> set("priority of the wrong type", "priority", p, true)));
        all.add(Arbitraries.strings().withChars("abcdefghij").ofLength(8).set().ofMinSize(21).ofMaxSize(30)
                .map(t -> set("more than 20 tags", "tags", new ArrayList<>(t), true)));
        all.add(Arbitraries.strings().withChars(TAG).ofMinLength(31).ofMaxLength(60)
                .map(t -> set("tag over 30", "tags", List.of(t), true)));
        all.add(Arbitraries.strings().withChars(TAG).ofMinLength(1).ofMaxLength(10)
                .map(t -> set("tag with a comma", "tags", List.of(t + "," + t), true)));
        all.add(Arbitraries.strings().withChars(" \t").ofMaxLength(5).map(t -> set("blank tag", "tags", List.of(t), true)));
        all.add(Arbitraries.just(set("null tag", "tags", java.util.Arrays.asList("ok", null), true)));
        all.add(Arbitraries.of("work", 7, Map.of("a", 1)).map(t -> set("tags not an array", "tags", t, true)));
        all.add(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20)
                .map(d -> set("due_at not a date", "due_at", d, true)));
        all.add(Arbitraries.integers().between(1000, 1899)
                .map(y -> set("due_at before 1900", "due_at", y + "-06-15T12:00:00Z", true)));
        all.add(Arbitraries.of(1767225600, true).map(d -> set("due_at of the wrong type", "due_at", d, true)));
        all.add(Arbitraries.strings().withChars(TEXT).ofMinLength(1).ofMaxLength(70).filter(z -> !ZONES.contains(z))
                .map(z -> set("unknown time_zone", "time_zone", z, true)));
        all.add(Arbitraries.of(FREQUENCIES.subList(3, 7)).map(f -> new Mutation("recurrence without due_at", b -> {
            b.remove("due_at");
            b.remove("reminder_offset");
            b.put("recurrence_pattern", "FREQ=" + f);
            return b;
        }, false)));
        all.add(Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12)
                .filter(f -> !FREQUENCIES.contains(f))
                .map(f -> withDue("unknown RRULE frequency", "recurrence_pattern", "FREQ=" + f)));
        all.add(Arbitraries.integers().between(-50, -1)
                .map(n -> withDue("RRULE interval below 1", "recurrence_pattern", "FREQ=DAILY;INTERVAL=" + n)));
        all.add(Arbitraries.strings().withChars(TEXT).ofMinLength(1).ofMaxLength(20)
                .filter(a -> !Set.of("due", "completion").contains(a))
                .map(a -> set("unknown recurrence_anchor", "recurrence_anchor", a, true)));
        all.add(Arbitraries.strings().withChars(TEXT).ofMinLength(1).ofMaxLength(20).filter(TaskBodies::notADuration)
                .map(r -> withDue("reminder_offset not a duration", "reminder_offset", r)));
        all.add(Arbitraries.integers().between(1, 10_000)
                .map(m -> withDue("negative reminder_offset", "reminder_offset", "-PT" + m + "M")));
        all.add(Arbitraries.integers().between(367, 100_000)
                .map(d -> withDue("reminder_offset over 366 days", "reminder_offset", "P" + d + "D")));
        all.add(Arbitraries.just(new Mutation("reminder without due_at", b -> {
            b.remove("due_at");
            b.remove("recurrence_pattern");
            b.put("reminder_offset", "PT15M");
            return b;
        }, false)));
        all.add(Arbitraries.of("yes", 1, 0, "true", List.of(true))
                .map(c -> set("completed of the wrong type", "completed", c, true)));
        return all;
    }

    private static Mutation set(String rule, String field, Object value, boolean breaksPatch) {
        return new Mutation(rule, body -> {
            body.put(field, value);
            return body;
        }, breaksPatch);
    }

    /** A rule that is only checked when the task has a due date. */
    private static Mutation withDue(String rule, String field, Object value) {
        return new Mutation(rule, body -> {
            body.putIfAbsent("due_at", "2030-05-05T10:00:00Z");
            body.put(field, value);
            return body;
        }, true);
    }

    private static boolean notADuration(String value) {
        try {
            Duration.parse(value);
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static char[] controlCharacters() {
        StringBuilder chars = new StringBuilder();
        for (char c = 1; c < 0x20; c++) {
            chars.append(c);
        }
        for (char c = 0x7f; c <= 0x9f; c++) {
            chars.append(c);
        }
        return chars.toString().toCharArray();
    }

    private static void putIfPresent(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
