package dev.todo.localcluster;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * On a failed test (or a failed set-up), shows the state of the release: each service's pods with kubectl's READY
 * column, the last log lines of the app and daprd containers, the Kafka pod, the Dapr control plane and the recent
 * events. Printed to the test's output and attached to the failure.
 */
final class ClusterDiagnostics implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attach(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attach(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attach(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw attach(context, throwable);
    }

    private static Throwable attach(ExtensionContext context, Throwable failure) {
        if (failure instanceof TestAbortedException) {
            return failure;
        }
        String snapshot;
        try (Cluster cluster = Cluster.connect(ClusterState.current())) {
            snapshot = cluster.diagnoseAll();
        } catch (RuntimeException e) {
            snapshot = "(the cluster could not be inspected: " + e + ")";
        }
        String title = "Cluster state after the failure of " + context.getDisplayName();
        System.out.println("\n######## " + title + " ########\n" + snapshot);
        failure.addSuppressed(new ClusterSnapshot(title + ":\n" + snapshot));
        return failure;
    }

    /** Carries the snapshot into the failure report (shown under "Suppressed:"). */
    static final class ClusterSnapshot extends RuntimeException {
        ClusterSnapshot(String text) {
            super(text, null, false, false);
        }
    }
}
