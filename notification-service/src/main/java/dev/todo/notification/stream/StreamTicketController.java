package dev.todo.notification.stream;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * SPEC §2: a browser's EventSource cannot send an Authorization header, so it first gets a ticket with its
 * bearer token (this route, guarded like every {@code /api/{user_id}} route) and opens the stream with
 * {@code ?ticket=}. A ticket opens only this user's stream, only once, and only for a few seconds.
 */
@RestController
class StreamTicketController {

    private final StreamTicketStore tickets;

    StreamTicketController(StreamTicketStore tickets) {
        this.tickets = tickets;
    }

    @PostMapping("/api/{user_id}/stream-tickets")
    ResponseEntity<StreamTicket> issue(@PathVariable("user_id") String userId) {
        // 200, not 201: a ticket is no resource with a URL of its own (as an OAuth token endpoint answers)
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(tickets.issue(userId));
    }
}
