package dev.todo.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundWorkerTest {

    /** Loops until stopped, waiting on a latch that only an interrupt ends early. */
    private static final class Looping extends BackgroundWorker {

        final boolean enabled;
        final AtomicInteger starts = new AtomicInteger();
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        final CountDownLatch never = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);

        Looping(boolean enabled) {
            super("looping-worker", Duration.ofSeconds(5));
            this.enabled = enabled;
        }

        @Override
        protected boolean enabled() {
            return enabled;
        }

        @Override
        protected void beforeStart() {
            starts.incrementAndGet();
        }

        @Override
        protected void work() {
            ranOn.set(Thread.currentThread());
            while (isRunning()) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            ended.countDown();
        }
    }

    @Test
    void runsOnItsOwnDaemonThreadUntilStoppedAndStopWaitsForIt() {
        Looping worker = new Looping(true);

        worker.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.ranOn.get() != null);
        assertThat(worker.isRunning()).isTrue();
        assertThat(worker.ranOn.get().getName()).isEqualTo("looping-worker");
        assertThat(worker.ranOn.get().isDaemon()).isTrue();

        worker.stop();

        assertThat(worker.isRunning()).isFalse();
        assertThat(worker.ended.getCount()).isZero();
    }

    @Test
    void aSecondStartDoesNothingAndADisabledWorkerNeverStarts() {
        Looping worker = new Looping(true);
        worker.start();
        worker.start();
        worker.stop();
        assertThat(worker.starts).hasValue(1);

        Looping disabled = new Looping(false);
        disabled.start();
        assertThat(disabled.isRunning()).isFalse();
        assertThat(disabled.starts).hasValue(0);
        disabled.stop();
    }
}
