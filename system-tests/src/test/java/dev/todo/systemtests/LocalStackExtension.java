package dev.todo.systemtests;

import dev.todo.localstack.LocalStack;
import dev.todo.localstack.Workspace;
import dev.todo.localstack.ServiceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the local stack once per test run, with the launcher's own code ({@link LocalStack}), and
 * stops it when the run ends. Test classes get the running stack as a parameter.
 */
public class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return running(context);
    }

    private static LocalStack running(ExtensionContext context) {
        // The root store outlives every test class; its resources close when the whole run ends.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> new RunningStack(start()), RunningStack.class).stack();
    }

    private static LocalStack start() {
        Workspace workspace = Workspace.locate();
        // Its own run directory, so a developer's .local-stack/ is left alone.
        Path runDir = workspace.root().resolve("system-tests/target/stack");
        // Another checkout's end-to-end run or a developer's stack may hold the fixed ports: wait for it.
        return LocalStack.start(new LocalStack.Options(runDir, ServiceSpec.ALL, System.getenv(), Clock.systemUTC(),
                System.out, Duration.ofMinutes(20)));
    }

    private record RunningStack(LocalStack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.close();
        }
    }
}
