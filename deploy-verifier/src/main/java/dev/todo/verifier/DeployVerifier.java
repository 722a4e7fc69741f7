package dev.todo.verifier;

import dev.todo.verifier.report.Report;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Command line entry: checks a live release and exits 0 when healthy, 1 when a check fails, 2 on bad
 * usage or when the cluster cannot be reached. Used by deploy.yml and the setup scripts.
 */
public final class DeployVerifier {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private DeployVerifier() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(execute(args, DeployVerifier::clusterClient, Clock.systemUTC(), System.out, System.err));
    }

    /**
     * --kubeconfig, else the usual kubeconfig lookup / in-cluster config, failing fast instead of the client's
     * long default retries.
     */
    private static KubernetesClient clusterClient(VerifierOptions options) {
        Config config = ClientKeys.withKeyAlgorithm(options.kubeconfig() != null
                ? Config.fromKubeconfig(null, options.kubeconfig().toFile())
                : Config.autoConfigure(null));
        config.setConnectionTimeout(10_000);
        config.setRequestTimeout(20_000);
        config.setRequestRetryBackoffLimit(2);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static int run(String[] args, Supplier<KubernetesClient> clients, Clock clock, PrintStream out, PrintStream err)
            throws InterruptedException {
        return execute(args, options -> clients.get(), clock, out, err);
    }

    /** The client comes from the parsed options (--kubeconfig). */
    static int execute(String[] args, Function<VerifierOptions, KubernetesClient> clients, Clock clock, PrintStream out,
            PrintStream err) throws InterruptedException {
        VerifierOptions options;
        try {
            options = VerifierOptions.parse(args);
        } catch (VerifierOptions.HelpRequested help) {
            out.println(VerifierOptions.USAGE);
            return OK;
        } catch (IllegalArgumentException e) {
            err.println("deploy-verifier: " + e.getMessage());
            err.println(VerifierOptions.USAGE);
            return USAGE;
        }
        out.printf("Verifying release %s in namespace %s (%s)%n", options.release(), options.namespace(),
                options.kafkaDescription());
        try (KubernetesClient client = clients.apply(options)) {
            // One cheap call first, so "cannot reach the cluster" is not reported as a failed release.
            client.apps().deployments().inNamespace(options.namespace())
                    .list(new ListOptionsBuilder().withLimit(1L).build());
            Report report = new ReleaseVerifier(client, clock, () -> Thread.sleep(5_000)).verify(options);
            out.print(report.render());
            return report.passed() ? OK : FAILED;
        } catch (KubernetesClientException e) {
            err.println("deploy-verifier: cannot reach the Kubernetes API: " + causes(e));
            return USAGE;
        }
    }

    /** The client's own message is often just "An error has occurred."; the causes say what happened. */
    static String causes(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable c = e.getCause(); c != null && seen.add(c); c = c.getCause()) {
            if (c.getMessage() != null && !text.toString().contains(c.getMessage())) {
                text.append(": ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            } else if (c.getMessage() == null) {
                text.append(": ").append(c.getClass().getSimpleName());
            }
        }
        return text.toString();
    }
}
