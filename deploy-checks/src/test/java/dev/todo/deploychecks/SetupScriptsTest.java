package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Runs the setup scripts for real in the ways that need no cluster: their help, the versions they
 * pin (which must be the root pom's), and their preflight errors.
 */
class SetupScriptsTest {

    record Run(int exit, String out, String err) {
    }

    static Run bash(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("/bin/bash");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectFiles.root().toFile());
        builder.environment().putAll(env);
        Path out = Files.createTempFile("script", ".out");
        Path err = Files.createTempFile("script", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripts/setup-minikube.sh", "scripts/setup-cloud.sh"})
    void pinsTheStrimziAndDaprVersionsOfTheRootPom(String script) throws Exception {
        Run run = bash(Map.of(), script, "--print-versions");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).contains(
                "strimzi=" + RootPom.property("strimzi.version"),
                "dapr=" + RootPom.property("dapr-runtime.version"));
        assertThat(run.out()).containsPattern("cert-manager=v\\d+\\.\\d+\\.\\d+");
        // Traefik's chart 41.x ships Traefik v3.7, which implements (and needs) Gateway API v1.5.
        assertThat(run.out()).containsPattern("(?m)^traefik-chart=41\\.\\d+\\.\\d+$")
                .containsPattern("(?m)^gateway-api=v1\\.5\\.\\d+$")
                .doesNotContain("ingress-nginx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripts/setup-minikube.sh", "scripts/setup-cloud.sh"})
    void theFrontDoorIsTraefiksGatewayProviderInstalledAfterTheGatewayApiCrdsAndBeforeCertManager(String script)
            throws Exception {
        String text = Files.readString(ProjectFiles.resolve(script));
        String main = text.substring(text.indexOf("\nmain() {"));
        assertThat(main.indexOf("install_gateway_api_crds")).isPositive()
                .isLessThan(main.indexOf("install_traefik"));
        assertThat(main.indexOf("install_traefik")).isLessThan(main.indexOf("install_cert_manager"));
        assertThat(text).doesNotContain("kubernetes.github.io/ingress-nginx", "addons enable ingress", "--addons ingress", "ingressClassName: nginx",
                "ingress.host=");
        String lib = Files.readString(ProjectFiles.resolve("scripts/lib/k8s-common.sh"));
        assertThat(lib).contains("https://traefik.github.io/charts", "providers.kubernetesGateway.enabled=true",
                "gateway.enabled=false", "config.enableGatewayAPI=true",
                "gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml");
    }

    @Test
    void letsEncryptAnswersHttp01OnTheChartsGatewayAndThePipelineSetsItsHostname() throws Exception {
        String cloud = Files.readString(ProjectFiles.resolve("scripts/setup-cloud.sh"));
        assertThat(cloud).contains("gatewayHTTPRoute:", "sectionName: http", "gateway.hostname=${HOST}");
        String deploy = Files.readString(ProjectFiles.resolve(".github/workflows/deploy.yml"));
        assertThat(deploy).contains("gateway.hostname=$PUBLIC_HOST").doesNotContain("ingress.host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripts/setup-minikube.sh", "scripts/setup-cloud.sh", "scripts/lint.sh"})
    void helpExplainsUsageAndExitsZero(String script) throws Exception {
        Run run = bash(Map.of(), script, "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: " + script);
        Run bad = bash(Map.of(), script, "--no-such-option");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("unknown option: --no-such-option");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripts/setup-minikube.sh", "scripts/setup-cloud.sh", "scripts/lint.sh"})
    void scriptsAreStrict(String script) throws Exception {
        String text = Files.readString(ProjectFiles.resolve(script));
        assertThat(text).startsWith("#!/usr/bin/env bash").contains("\nset -euo pipefail\n");
    }

    @Test
    void minikubeSetupStopsEarlyWithAClearErrorWhenAToolIsMissing() throws Exception {
        // A PATH holding only what the script needs before its first check: minikube is absent.
        Path bin = Files.createTempDirectory("path");
        Files.createSymbolicLink(bin.resolve("dirname"), Path.of(which("dirname")));
        Run run = bash(Map.of("PATH", bin.toString()), "scripts/setup-minikube.sh");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("'minikube' not found on PATH");
    }

    @Test
    void cloudSetupNeedsTheHostAndTheEmailFirst() throws Exception {
        Run noHost = bash(Map.of(), "scripts/setup-cloud.sh");
        assertThat(noHost.exit()).isEqualTo(1);
        assertThat(noHost.err()).contains("--host is required");
        Run noEmail = bash(Map.of(), "scripts/setup-cloud.sh", "--host", "todo.example.org");
        assertThat(noEmail.exit()).isEqualTo(1);
        assertThat(noEmail.err()).contains("--email is required");
    }

    private static String which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(tool + " not on PATH");
    }
}
