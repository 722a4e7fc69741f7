package dev.todo.api.outbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of parked outbox rows and their replay. Under {@code /internal/**}, so only a caller with
 * todo-api's app token gets in (todo-common security), and Dapr's access control lets no other app invoke it.
 */
@RestController
@RequestMapping(path = "/internal/outbox/parked", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "internal (operators)")
public class ParkedEventsController {

    /** One page is plenty: parked rows are exceptions, and the alert fires at the first. */
    static final int LIST_LIMIT = 200;
    private static final Logger log = LoggerFactory.getLogger(ParkedEventsController.class);

    private final OutboxStore store;

    public ParkedEventsController(OutboxStore store) {
        this.store = store;
    }

    @GetMapping
    @Operation(summary = "The oldest parked outbox rows (at most 200), without their payloads")
    public List<ParkedEvent> parked() {
        return store.parked(LIST_LIMIT);
    }

    @PostMapping("/replay")
    @Operation(summary = "Put the parked rows named by id (all parked rows without id) back into the relay's queue")
    public Map<String, Integer> replay(@RequestParam(name = "id", required = false) List<Long> ids) {
        List<Long> chosen = ids == null ? List.of() : ids;
        int replayed = store.unpark(chosen);
        log.atInfo().setMessage("parked outbox events put back into the queue").addKeyValue("event", "outbox_replayed")
                .addKeyValue("rows", replayed).addKeyValue("requested_ids", chosen).log();
        return Map.of("replayed", replayed);
    }
}
