package dev.todo.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one daprd sidecar for an app: loopback only, the local resources and configuration, the
 * Scheduler for the Jobs API, and the app's own per-run API tokens (daprd checks DAPR_API_TOKEN on calls
 * from its app and sends APP_API_TOKEN on calls to it).
 */
public final class Daprd {

    private Daprd() {
    }

    public static ManagedProcess start(DaprBinaries binaries, Workspace workspace, Path runDir, ServiceSpec service,
                                       RunSecrets secrets) {
        List<String> command = new ArrayList<>(List.of(binaries.daprd().toString(),
                "--app-id", service.appId(),
                "--app-port", String.valueOf(service.appPort()),
                "--app-channel-address", "127.0.0.1",
                "--app-protocol", "http",
                "--dapr-listen-addresses", "127.0.0.1",
                "--dapr-http-port", String.valueOf(service.daprHttpPort()),
                "--dapr-grpc-port", String.valueOf(service.daprGrpcPort()),
                "--metrics-listen-address", "127.0.0.1",
                "--metrics-port", String.valueOf(service.daprMetricsPort()),
                "--resources-path", workspace.daprResources().toString(),
                "--config", TracingSampling.sidecarConfig(workspace, runDir).toString(),
                "--scheduler-host-address", DaprScheduler.ADDRESS,
                "--placement-host-address", "",
                "--log-level", "info",
                // one JSON object a line, like the apps' logs beside it
                "--log-as-json"));
        Map<String, String> env = Map.of(
                "DAPR_HOST_IP", "127.0.0.1",
                "DAPR_API_TOKEN", secrets.daprApiToken(service),
                "APP_API_TOKEN", secrets.appApiToken(service));
        // Run in the run directory: the sqlite name-resolution file and secrets.json are relative to it.
        return ManagedProcess.start("daprd-" + service.appId(), command, env, runDir,
                runDir.resolve("logs/daprd-" + service.appId() + ".log"));
    }
}
