package dev.todo.notification.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.todo.notification.stream.StreamSlots.Admission;
import org.junit.jupiter.api.Test;

class StreamSlotsTest {

    private final StreamSlots slots = new StreamSlots(2, 3);

    @Test
    void aUserGetsUpToItsCap() {
        assertThat(slots.tryAcquire("alice")).isEqualTo(Admission.ADMITTED);
        assertThat(slots.tryAcquire("alice")).isEqualTo(Admission.ADMITTED);
        assertThat(slots.tryAcquire("alice")).isEqualTo(Admission.USER_FULL);
        assertThat(slots.tryAcquire("bob")).isEqualTo(Admission.ADMITTED);
        assertThat(slots.held("alice")).isEqualTo(2);
    }

    @Test
    void theReplicaCapCountsEveryUser() {
        slots.tryAcquire("alice");
        slots.tryAcquire("bob");
        slots.tryAcquire("carol");

        assertThat(slots.tryAcquire("dave")).isEqualTo(Admission.REPLICA_FULL);
        assertThat(slots.total()).isEqualTo(3);
    }

    @Test
    void aReleasedSlotCanBeTakenAgain() {
        slots.tryAcquire("alice");
        slots.tryAcquire("alice");
        slots.release("alice");

        assertThat(slots.tryAcquire("alice")).isEqualTo(Admission.ADMITTED);
        slots.release("alice");
        slots.release("alice");
        assertThat(slots.held("alice")).isZero();
        assertThat(slots.total()).isZero();
    }

    @Test
    void releasingWhatWasNeverHeldChangesNothing() {
        slots.tryAcquire("alice");
        slots.release("bob");

        assertThat(slots.total()).isEqualTo(1);
        assertThat(slots.held("bob")).isZero();
    }
}
