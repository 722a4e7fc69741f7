package dev.todo.api.task;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The list query as SQL: filters, text search and tags run in PostgreSQL on indexed expressions
 * (GIN on the tsvector and the tag array), then one page of ids is loaded as entities.
 */
@Component
public class TaskSearch {

    /** One page of a user's tasks and the total number that matched. */
    public record Page(List<Task> tasks, long total) {
    }

    private final JdbcClient jdbc;
    private final TaskRepository repository;
    private final Clock clock;

    public TaskSearch(JdbcClient jdbc, TaskRepository repository, Clock clock) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * The ORDER BY for a query; sort column and direction come from enums, never from request text. Only due_at
     * can be null (those tasks come last either way); the other keys are NOT NULL and must not say "nulls last",
     * or PostgreSQL cannot walk their (user_id, key, id) index backwards for a descending page.
     */
    static String orderBy(TaskListQuery query) {
        String direction = query.descending() ? "desc" : "asc";
        String nulls = query.sort() == TaskListQuery.Sort.DUE_AT ? " nulls last" : "";
        return query.sort().column + " " + direction + nulls + ", id " + direction;
    }

    public Page find(String userId, TaskListQuery query) {
        StringBuilder where = new StringBuilder("user_id = :userId");
        MapSqlParameterSource params = new MapSqlParameterSource("userId", userId);
        switch (query.status()) {
            case PENDING -> where.append(" and not completed");
            case COMPLETED -> where.append(" and completed");
            case ALL -> { }
        }
        if (!query.priorities().isEmpty()) {
            where.append(" and priority in (:priorities)");
            params.addValue("priorities", query.priorities().stream().map(Priority::wireName).toList());
        }
        if (!query.tags().isEmpty()) {
            where.append(" and tags @> cast(:tags as text[])");
            params.addValue("tags", query.tags().toArray(String[]::new));
        }
        if (query.q() != null) {
            // websearch_to_tsquery accepts any user text (quotes, "or", -negation) without syntax errors
            where.append(" and search @@ websearch_to_tsquery('english', :q)");
            params.addValue("q", query.q());
        }
        if (query.dueFrom() != null) {
            where.append(" and due_at >= :dueFrom");
            params.addValue("dueFrom", Timestamp.from(query.dueFrom()));
        }
        if (query.dueTo() != null) {
            where.append(" and due_at <= :dueTo");
            params.addValue("dueTo", Timestamp.from(query.dueTo()));
        }
        if (query.overdue()) {
            where.append(" and not completed and due_at < :now");
            params.addValue("now", Timestamp.from(clock.instant()));
        }

        long total = jdbc.sql("select count(*) from tasks where " + where)
                .paramSource(params)
                .query(Long.class)
                .single();
        if (total == 0) {
            return new Page(List.of(), 0);
        }

        String orderBy = orderBy(query);
        params.addValue("limit", query.size());
        params.addValue("offset", (long) query.page() * query.size());
        List<Long> ids = jdbc.sql("select id from tasks where " + where + " order by " + orderBy
                        + " limit :limit offset :offset")
                .paramSource(params)
                .query(Long.class)
                .list();

        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        List<Task> tasks = new ArrayList<>(repository.findByIdIn(ids));
        tasks.sort(Comparator.comparing(task -> position.get(task.getId())));
        return new Page(tasks, total);
    }
}
