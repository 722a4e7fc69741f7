package dev.todo.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One local stack per machine at a time: the stack binds fixed ports, so a second one (another
 * checkout's end-to-end run, a developer's run command) waits here until the first has stopped,
 * instead of failing half-way on a taken port. The OS releases the lock when the holder exits,
 * however it exits.
 */
final class MachineLock implements AutoCloseable {

    private static final Path LOCK_FILE = Path.of(System.getProperty("java.io.tmpdir"), "todo-platform-local-stack.lock");
    private static final Duration POLL = Duration.ofSeconds(2);

    private final FileChannel channel;
    private final FileLock lock;

    private MachineLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static MachineLock acquire(Duration wait, PrintStream out) {
        try {
            FileChannel channel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + wait.toNanos();
            boolean told = false;
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new MachineLock(channel, lock);
                }
                if (System.nanoTime() > deadline) {
                    channel.close();
                    throw new StackStartupException("launcher", "another local stack is running on this machine (" + LOCK_FILE
                            + " is locked)" + System.lineSeparator() + "what to do: stop it (Ctrl-C in its terminal) or wait"
                            + " for the end-to-end run that started it; -Dlocal-stack.wait-for-other-stack=PT10M waits for it");
                }
                if (!told) {
                    out.println("  another local stack is running on this machine; waiting up to " + wait.toMinutes()
                            + " min for it to stop (" + LOCK_FILE + ")");
                    told = true;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException e) {
            throw new StackStartupException("launcher", "cannot open " + LOCK_FILE + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("launcher", "interrupted while waiting for another local stack");
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldByThisJvm) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}
