package dev.todo.notification.notification;

import dev.todo.common.web.PageLinks;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** SPEC §2 Notifications. Paths carry the user id; the security layer checks it against the token. */
@RestController
@Validated
@RequestMapping("/api/{user_id}/notifications")
class NotificationController {

    private final NotificationRepository repository;
    private final Clock clock;

    NotificationController(NotificationRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Newest first; {@code page} counts from 0. */
    @GetMapping
    ResponseEntity<List<Notification>> list(@PathVariable("user_id") String userId,
                                            @RequestParam(name = "unread", defaultValue = "false") boolean unread,
                                            @RequestParam(name = "page", defaultValue = "0") @Min(0) int page,
                                            @RequestParam(name = "size", defaultValue = "20") @Min(1) @Max(200) int size) {
        long total = repository.count(userId, unread);
        List<Notification> items = repository.page(userId, unread, (long) page * size, size);
        return ResponseEntity.ok()
                .headers(PageLinks.headers(ServletUriComponentsBuilder.fromCurrentRequest(), page, size, total))
                .body(items);
    }

    @PatchMapping("/{id}/read")
    Notification markRead(@PathVariable("user_id") String userId, @PathVariable("id") long id) {
        return repository.markRead(userId, id, clock.instant())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such notification"));
    }

    @PostMapping("/read-all")
    @ResponseStatus(HttpStatus.NO_CONTENT) // what the body's ResponseEntity answers, for the document
    ResponseEntity<Void> markAllRead(@PathVariable("user_id") String userId) {
        int updated = repository.markAllRead(userId, clock.instant());
        return ResponseEntity.noContent().header("X-Updated-Count", Integer.toString(updated)).build();
    }
}
