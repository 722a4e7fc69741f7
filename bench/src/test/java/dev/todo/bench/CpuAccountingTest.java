package dev.todo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuAccountingTest {

    @Test
    void givenNoChildExits_whenReading_thenOwnReapedAndLiveTimeAreAdded() {
        Deque<Duration> reaped = reads(100, 100);

        assertThat(CpuAccounting.withLiveChildren(reaped::pop, () -> ms(50))).isEqualTo(ms(150));
    }

    @Test
    void givenAChildReapedBeforeTheListing_whenReading_thenItIsCountedOnceNotLost() {
        // the child (40 ms) is reaped after the first read of the reaped time and before the listing
        Deque<Duration> reaped = reads(100, 140, 140);
        Deque<Duration> live = new ArrayDeque<>(List.of(ms(10), ms(10)));

        assertThat(CpuAccounting.withLiveChildren(reaped::pop, live::pop)).isEqualTo(ms(150));
    }

    @Test
    void givenChildrenThatKeepExiting_whenReading_thenTheReadsStopAtTheBound() {
        int[] reads = {0};

        CpuAccounting.withLiveChildren(() -> ms(++reads[0]), () -> Duration.ZERO);

        assertThat(reads[0]).isEqualTo(CpuAccounting.MAX_READS + 1);
    }

    private static Deque<Duration> reads(long... millis) {
        Deque<Duration> reads = new ArrayDeque<>();
        for (long m : millis) {
            reads.add(ms(m));
        }
        return reads;
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
