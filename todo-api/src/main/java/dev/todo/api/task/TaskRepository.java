package dev.todo.api.task;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TaskRepository extends JpaRepository<Task, Long> {

    /** A user's task; another user's id looks exactly like a missing one (404, SPEC §2). */
    Optional<Task> findByIdAndUserId(Long id, String userId);

    Optional<Task> findBySeriesIdAndOccurrence(UUID seriesId, int occurrence);

    List<Task> findByIdIn(Collection<Long> ids);
}
