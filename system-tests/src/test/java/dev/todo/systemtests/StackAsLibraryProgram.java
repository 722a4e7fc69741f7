package dev.todo.systemtests;

import dev.todo.localstack.LocalStack;
import dev.todo.localstack.ServiceSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A program that starts the stack the way the benchmark suite and the end-to-end extension do,
 * through {@link LocalStack#start}, and never closes it: {@link LauncherShutdownIT} terminates it
 * and checks the stack went with it.
 */
public final class StackAsLibraryProgram {

    private StackAsLibraryProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStack.start(new LocalStack.Options(Path.of(args[0]), ServiceSpec.ALL, System.getenv(), Clock.systemUTC(),
                System.out, Duration.ofMinutes(20)));
        new CountDownLatch(1).await();
    }
}
