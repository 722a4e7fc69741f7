package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todo.api.support.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET .../occurrences on real tasks: the expansion SPEC §4 promises, through the API. */
class OccurrencesIT extends ApiIntegrationTest {

    private JsonNode occurrences(long id, int count) throws Exception {
        return body(mvc.perform(asUser(get(tasksPath() + "/" + id + "/occurrences?count=" + count)))
                .andExpect(status().isOk()).andReturn());
    }

    private static List<String> field(JsonNode occurrences, String name) {
        List<String> values = new ArrayList<>();
        occurrences.forEach(o -> values.add(o.get(name).asText()));
        return values;
    }

    @Test
    void weeklyNineOClockBerlinStaysAtNineAcrossBothDaylightSavingChanges() throws Exception {
        long id = create("""
                {"title":"Standup","due_at":"2026-03-20T09:00","time_zone":"Europe/Berlin",
                 "recurrence_pattern":"weekly"}""").get("id").asLong();

        JsonNode next = occurrences(id, 33);

        assertThat(next).hasSize(33);
        List<String> local = field(next, "local_due_at");
        assertThat(local).allSatisfy(t -> assertThat(t).contains("T09:00"));
        // 27 March is still winter time, 3 April summer time (29 March), 30 October winter again (25 October)
        assertThat(local.get(0)).isEqualTo("2026-03-27T09:00+01:00");
        assertThat(local.get(1)).isEqualTo("2026-04-03T09:00+02:00");
        assertThat(local.get(30)).isEqualTo("2026-10-23T09:00+02:00");
        assertThat(local.get(31)).isEqualTo("2026-10-30T09:00+01:00");
        List<String> utc = field(next, "due_at");
        assertThat(utc.get(0)).isEqualTo("2026-03-27T08:00:00Z");
        assertThat(utc.get(1)).isEqualTo("2026-04-03T07:00:00Z");
        assertThat(utc.get(31)).isEqualTo("2026-10-30T08:00:00Z");
        assertThat(next.get(0).get("occurrence").asInt()).isEqualTo(2);
        assertThat(next.get(32).get("occurrence").asInt()).isEqualTo(34);
    }

    @Test
    void dailyNineOClockNewYorkStaysAtNineAcrossSpringForward() throws Exception {
        long id = create("""
                {"title":"Pills","due_at":"2026-03-06T09:00:00-05:00","time_zone":"America/New_York",
                 "recurrence_pattern":"RRULE:FREQ=DAILY"}""").get("id").asLong();
        assertThat(field(occurrences(id, 3), "local_due_at"))
                .containsExactly("2026-03-07T09:00-05:00", "2026-03-08T09:00-04:00", "2026-03-09T09:00-04:00");
    }

    @Test
    void monthlyPresetFromThe31stFallsOnMonthEnds() throws Exception {
        long id = create("{\"title\":\"Rent\",\"due_at\":\"2026-01-31T09:00:00Z\",\"recurrence_pattern\":\"monthly\"}")
                .get("id").asLong();
        assertThat(field(occurrences(id, 4), "due_at")).containsExactly("2026-02-28T09:00:00Z",
                "2026-03-31T09:00:00Z", "2026-04-30T09:00:00Z", "2026-05-31T09:00:00Z");
    }

    @Test
    void explicitByMonthDay31SkipsShorterMonths() throws Exception {
        long id = create("""
                {"title":"Report","due_at":"2026-01-31T09:00:00Z","recurrence_pattern":"FREQ=MONTHLY;BYMONTHDAY=31"}""")
                .get("id").asLong();
        assertThat(field(occurrences(id, 3), "due_at"))
                .containsExactly("2026-03-31T09:00:00Z", "2026-05-31T09:00:00Z", "2026-07-31T09:00:00Z");
    }

    @Test
    void yearlyPresetFromLeapDayFallsOnFebruary28InOtherYears() throws Exception {
        long id = create("{\"title\":\"Birthday\",\"due_at\":\"2028-02-29T12:00:00Z\",\"recurrence_pattern\":\"yearly\"}")
                .get("id").asLong();
        assertThat(field(occurrences(id, 4), "due_at")).containsExactly("2029-02-28T12:00:00Z",
                "2030-02-28T12:00:00Z", "2031-02-28T12:00:00Z", "2032-02-29T12:00:00Z");
    }

    @Test
    void countEndsTheSeries() throws Exception {
        long id = create("""
                {"title":"Course","due_at":"2026-02-02T18:00:00Z","recurrence_pattern":"FREQ=WEEKLY;COUNT=3"}""")
                .get("id").asLong();
        JsonNode next = occurrences(id, 10);
        assertThat(field(next, "due_at")).containsExactly("2026-02-09T18:00:00Z", "2026-02-16T18:00:00Z");
        assertThat(field(next, "occurrence")).containsExactly("2", "3");
    }

    @Test
    void untilEndsTheSeries() throws Exception {
        long id = create("""
                {"title":"Trial","due_at":"2026-02-01T08:00:00Z",
                 "recurrence_pattern":"FREQ=DAILY;UNTIL=20260204T080000Z"}""").get("id").asLong();
        assertThat(field(occurrences(id, 10), "due_at"))
                .containsExactly("2026-02-02T08:00:00Z", "2026-02-03T08:00:00Z", "2026-02-04T08:00:00Z");
    }

    @Test
    void interval2WeeksOnMondayAndThursday() throws Exception {
        long id = create("""
                {"title":"Gym","due_at":"2026-03-05T07:00:00Z","recurrence_pattern":"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"}""")
                .get("id").asLong();
        assertThat(field(occurrences(id, 3), "due_at"))
                .containsExactly("2026-03-16T07:00:00Z", "2026-03-19T07:00:00Z", "2026-03-30T07:00:00Z");
    }

    @Test
    void aTaskThatDoesNotRecurHasNoOccurrences() throws Exception {
        long id = create("{\"title\":\"Once\",\"due_at\":\"2026-03-05T07:00:00Z\"}").get("id").asLong();
        mvc.perform(asUser(get(tasksPath() + "/" + id + "/occurrences"))).andExpect(status().isOk())
                .andExpect(jsonPath("$").isEmpty());
    }

    @Test
    void defaultCountIsFive() throws Exception {
        long id = create("{\"title\":\"d\",\"due_at\":\"2026-03-05T07:00:00Z\",\"recurrence_pattern\":\"daily\"}")
                .get("id").asLong();
        mvc.perform(asUser(get(tasksPath() + "/" + id + "/occurrences"))).andExpect(jsonPath("$.length()").value(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "abc", "1.5"})
    void countOutOfRangeIsA400(String count) throws Exception {
        long id = create("{\"title\":\"d\",\"due_at\":\"2026-03-05T07:00:00Z\",\"recurrence_pattern\":\"daily\"}")
                .get("id").asLong();
        mvc.perform(asUser(get(tasksPath() + "/" + id + "/occurrences?count=" + count)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("count"));
    }
}
