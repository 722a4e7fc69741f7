package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.common.web.InvalidInputException;
import dev.todo.common.web.ProblemFieldError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskListQueryTest {

    private static TaskListQuery query(Map<String, List<String>> params) {
        return TaskListQuery.from(params, 20, 200);
    }

    @Test
    void givenNoParameters_thenNewestFirstTwentyPerPage() {
        TaskListQuery q = query(Map.of());
        assertThat(q.status()).isEqualTo(TaskListQuery.Status.ALL);
        assertThat(q.sort()).isEqualTo(TaskListQuery.Sort.CREATED_AT);
        assertThat(q.descending()).isTrue();
        assertThat(q.page()).isZero();
        assertThat(q.size()).isEqualTo(20);
    }

    @Test
    void givenDueSortWithoutOrder_thenSoonestFirst() {
        assertThat(query(Map.of("sort", List.of("due_at"))).descending()).isFalse();
        assertThat(query(Map.of("sort", List.of("title"))).descending()).isFalse();
        assertThat(query(Map.of("sort", List.of("priority"))).descending()).isTrue();
    }

    @Test
    void givenEveryParameter_thenAllAreRead() {
        TaskListQuery q = query(Map.ofEntries(
                Map.entry("status", List.of("pending")), Map.entry("priority", List.of("high", "low")),
                Map.entry("tag", List.of("Work", "work", "home")), Map.entry("q", List.of("  milk ")),
                Map.entry("due_from", List.of("2026-01-01T00:00:00+01:00")), Map.entry("due_to", List.of("2026-02-01T00:00:00")),
                Map.entry("overdue", List.of("true")), Map.entry("sort", List.of("updated_at")),
                Map.entry("order", List.of("asc")), Map.entry("page", List.of("3")), Map.entry("size", List.of("200"))));
        assertThat(q.status()).isEqualTo(TaskListQuery.Status.PENDING);
        assertThat(q.priorities()).containsExactly(Priority.HIGH, Priority.LOW);
        assertThat(q.tags()).containsExactly("work", "home");
        assertThat(q.q()).isEqualTo("milk");
        assertThat(q.dueFrom()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        assertThat(q.dueTo()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(q.overdue()).isTrue();
        assertThat(q.sort()).isEqualTo(TaskListQuery.Sort.UPDATED_AT);
        assertThat(q.descending()).isFalse();
        assertThat(q.page()).isEqualTo(3);
        assertThat(q.size()).isEqualTo(200);
    }

    @Test
    void givenBadValues_thenEveryParameterIsNamed() {
        try {
            query(Map.of("status", List.of("done"), "size", List.of("500"), "page", List.of("x"),
                    "order", List.of("up"), "overdue", List.of("yes")));
            org.assertj.core.api.Assertions.fail("expected a 400");
        } catch (InvalidInputException e) {
            assertThat(e.errors()).extracting(ProblemFieldError::field)
                    .containsExactlyInAnyOrder("status", "size", "page", "order", "overdue");
        }
    }
}
