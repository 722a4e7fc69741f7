package dev.todo.common.pubsub;

import org.springframework.http.ResponseEntity;

/**
 * Dapr's pub/sub app response: always HTTP 200, the body tells daprd what to do with the message.
 * SUCCESS acknowledges, RETRY redelivers under the resiliency policy, DROP sends it to the
 * subscription's dead-letter topic.
 */
public record DaprAppResponse(Status status) {

    public enum Status { SUCCESS, RETRY, DROP }

    public static ResponseEntity<DaprAppResponse> success() {
        return ResponseEntity.ok(new DaprAppResponse(Status.SUCCESS));
    }

    public static ResponseEntity<DaprAppResponse> retry() {
        return ResponseEntity.ok(new DaprAppResponse(Status.RETRY));
    }

    public static ResponseEntity<DaprAppResponse> drop() {
        return ResponseEntity.ok(new DaprAppResponse(Status.DROP));
    }
}
