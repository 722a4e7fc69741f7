package dev.todo.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object the project applies goes through the live API server with strict field validation, as a server-side
 * dry run into a throwaway namespace: {@code kubectl apply --dry-run=server --validate=strict}. An unknown field, a
 * duplicate field or a schema violation fails the test, with kubectl's output. Covered: the chart rendered by
 * {@code helm template} with each values file (and the release's installed values), every file under
 * dapr-components/ and dapr-components/local/, and kafka/local and kafka/cloud.
 *
 * <p>Objects whose API this cluster does not serve: Strimzi's CRDs are installed first from the registry (they ship
 * in {@code io.strimzi:api}'s test jar, crds/v1beta2) and removed afterwards; other kinds (cert-manager, monitoring)
 * are validated only where their CRD is installed, and reported as not validated otherwise.
 */
@ExtendWith(ClusterDiagnostics.class)
class StrictValidationIT {

    /** Strimzi's CRDs in io.strimzi:api:tests (crds/v1beta2 serves v1, v1beta2 and older versions, as 0.49's operator installs). */
    static final String STRIMZI_CRD_DIR = "crds/v1beta2/";
    static final List<String> STRIMZI_CRDS = List.of("040-Crd-kafka.yaml", "041-Crd-kafkaconnect.yaml",
            "042-Crd-strimzipodset.yaml", "043-Crd-kafkatopic.yaml", "044-Crd-kafkauser.yaml", "045-Crd-kafkanodepool.yaml",
            "046-Crd-kafkabridge.yaml", "047-Crd-kafkaconnector.yaml", "048-Crd-kafkamirrormaker2.yaml",
            "049-Crd-kafkarebalance.yaml");
    /** Files that configure a build tool, not API objects. */
    static final Set<String> NOT_API_OBJECTS = Set.of("kustomize.config.k8s.io");
    /** The pipeline's commit-sha image tag and the cloud's set values, as in deploy-checks' ChartScenario. */
    static final String GIT_SHA = "3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final Duration KUBECTL_TIMEOUT = Duration.ofMinutes(3);

    private static ClusterState state;
    private static Cluster cluster;
    private static String namespace;
    private static final List<String> installedCrds = new ArrayList<>();
    /** "group/version" -> kind -> namespaced, for everything the API server serves. */
    private static Map<String, Map<String, Boolean>> served;

    /** One way to render the chart: values files (in order) and --set values. */
    record ChartScenario(String name, List<Path> valuesFiles, Map<String, String> sets) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void throwawayNamespaceAndMissingCrds() {
        state = ClusterState.current();
        cluster = Cluster.connect(state);
        namespace = "strict-validation-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("app.kubernetes.io/part-of", "todo-platform-tests").endMetadata().build()).create();
        installStrimziCrdsWhereMissing();
        served = discover();
    }

    @AfterAll
    static void cleanUp() {
        if (cluster == null) {
            return;
        }
        try {
            if (namespace != null) {
                cluster.client.namespaces().withName(namespace).delete();
            }
            for (String crd : installedCrds) {
                cluster.client.apiextensions().v1().customResourceDefinitions().withName(crd).delete();
            }
        } finally {
            cluster.close();
        }
    }

    static Stream<ChartScenario> chartScenarios() {
        ClusterState s = ClusterState.current();
        Path chart = s.chart();
        List<ChartScenario> scenarios = new ArrayList<>(List.of(
                new ChartScenario("defaults", List.of(), Map.of()),
                new ChartScenario("defaults with chart-made secrets", List.of(), Map.ofEntries(
                        Map.entry("secrets.create", "true"),
                        Map.entry("secrets.betterAuthSecret", "0123456789abcdef0123456789abcdef-test"),
                        Map.entry("secrets.databasePassword", "db-password-test"),
                        Map.entry("secrets.appTokens.todo-api.appApiToken", "todo-api-app-token-test"),
                        Map.entry("secrets.appTokens.todo-api.daprApiToken", "todo-api-dapr-token-test"),
                        Map.entry("secrets.appTokens.notification-service.appApiToken", "notification-app-token-test"),
                        Map.entry("secrets.appTokens.notification-service.daprApiToken", "notification-dapr-token-test"),
                        Map.entry("secrets.appTokens.recurring-service.appApiToken", "recurring-app-token-test"),
                        Map.entry("secrets.appTokens.recurring-service.daprApiToken", "recurring-dapr-token-test"),
                        Map.entry("secrets.databaseRolePasswords.todo-api", "todo-api-db-password-test"),
                        Map.entry("secrets.databaseRolePasswords.notification-service", "notification-db-password-test"),
                        Map.entry("secrets.databaseRolePasswords.statestore", "statestore-db-password-test"))),
                new ChartScenario("values-local.yaml", List.of(chart.resolve("values-local.yaml")), Map.of()),
                new ChartScenario("values-cloud.yaml as the pipeline sets it", List.of(chart.resolve("values-cloud.yaml")),
                        Map.of("image.tag", GIT_SHA, "gateway.hostname", "todo.example.org",
                                "database.host", "db-postgresql-fra1-00000-do-user-0.k.db.ondigitalocean.com")),
                new ChartScenario("values-cluster.yaml with the installed release's values",
                        List.of(s.values(), installedValues(s)), Map.of()),
                new ChartScenario("Ingress instead of the Gateway, in-chart Kafka", List.of(), Map.of(
                        "gateway.enabled", "false", "ingress.enabled", "true",
                        "ingress.clusterIssuer", "letsencrypt-prod", "kafka.enabled", "true"))));
        // any other values file the chart ships is rendered too
        Set<String> covered = scenarios.stream().flatMap(sc -> sc.valuesFiles().stream())
                .map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(chart)) {
            files.filter(f -> f.getFileName().toString().matches("values-.+\\.ya?ml")).sorted()
                    .filter(f -> !covered.contains(f.getFileName().toString()))
                    .forEach(f -> scenarios.add(new ChartScenario(f.getFileName().toString(), List.of(f), Map.of())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scenarios.stream();
    }

    static Stream<Path> manifestFiles() {
        Path root = Path.of(System.getProperty("project.root", ".."));
        return Stream.of("dapr-components", "dapr-components/local", "kafka/local", "kafka/cloud")
                .map(root::resolve)
                .flatMap(dir -> {
                    assertThat(dir).as("manifest directory").isDirectory();
                    try (Stream<Path> files = Files.list(dir)) {
                        // kustomization.yaml configures kustomize: not an API object
                        return files.filter(f -> f.getFileName().toString().matches(".+\\.ya?ml"))
                                .filter(f -> !f.getFileName().toString().startsWith("kustomization."))
                                .sorted().toList().stream();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @ParameterizedTest(name = "chart: {0}")
    @MethodSource("chartScenarios")
    void theChartRendersOnlyObjectsTheApiServerAcceptsStrictly(ChartScenario scenario, TestReporter reporter) {
        List<String> command = new ArrayList<>(List.of(state.helm(), "template", state.release(),
                state.chart().toString(), "--namespace", namespace, "--kube-version", kubeVersion(),
                "--api-versions", String.join(",", apiVersions())));
        for (Path values : scenario.valuesFiles()) {
            command.addAll(List.of("--values", values.toString()));
        }
        scenario.sets().forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        Cli.Result rendered = Cli.run(Duration.ofMinutes(2), state.toolEnvironment(), command);
        assertThat(rendered.exitCode()).as("helm template (%s):\n%s", scenario, rendered.describe()).isZero();

        validate("chart " + scenario, YamlDocuments.split("helm template (" + scenario + ")", rendered.stdout()), reporter);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifestFiles")
    void theManifestIsAcceptedStrictly(Path file, TestReporter reporter) throws IOException {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        String source = root.relativize(file.toAbsolutePath().normalize()).toString();
        validate(source, YamlDocuments.split(source, Files.readString(file, StandardCharsets.UTF_8)), reporter);
    }

    /** Server-side dry run with strict field validation of every document whose API is served here. */
    private static void validate(String what, List<YamlDocuments.Doc> docs, TestReporter reporter) {
        List<String> notValidated = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> validated = new ArrayList<>();
        for (YamlDocuments.Doc doc : docs) {
            if (NOT_API_OBJECTS.contains(doc.group())) {
                notValidated.add(doc.describe() + ": build configuration, not an API object");
                continue;
            }
            Map<String, Boolean> kinds = served.get(doc.apiVersion());
            if (kinds == null || !kinds.containsKey(doc.kind())) {
                notValidated.add(doc.describe() + ": " + doc.apiVersion() + " " + doc.kind()
                        + " is not served by this cluster (its CRD is not installed)");
                continue;
            }
            texts.add(kinds.get(doc.kind()) ? YamlDocuments.inNamespace(doc, namespace) : doc.text());
            validated.add(doc.kind() + "/" + doc.name());
        }
        if (!notValidated.isEmpty()) {
            String note = "not validated against the API server:\n  " + String.join("\n  ", notValidated);
            System.out.println(what + ": " + note);
            reporter.publishEntry("not validated", note);
        }
        assertThat(texts).as("%s: objects this cluster can validate (not validated: %s)", what, notValidated).isNotEmpty();

        Cli.Result applied = Cli.kubectl(state, KUBECTL_TIMEOUT, String.join("---\n", texts), "apply",
                "--dry-run=server", "--validate=strict", "--namespace", namespace, "-f", "-");
        assertThat(applied.exitCode()).as("%s: kubectl apply --dry-run=server --validate=strict of %s:\n%s", what,
                validated, applied.describe()).isZero();
        String output = (applied.stdout() + applied.stderr()).toLowerCase(Locale.ROOT);
        assertThat(output).as("%s: kubectl reported field problems:\n%s", what, applied.describe())
                .doesNotContain("unknown field").doesNotContain("duplicate field");
        assertThat(applied.stdout().lines().filter(l -> l.contains("(server dry run)")).count())
                .as("%s: one dry-run result per object (%s):\n%s", what, validated, applied.describe())
                .isEqualTo(validated.size());
        reporter.publishEntry("validated", String.join(", ", validated));
    }

    // --- what this cluster serves ------------------------------------------------------------------------------

    private static Map<String, Map<String, Boolean>> discover() {
        Map<String, Map<String, Boolean>> catalog = new LinkedHashMap<>();
        List<String> groupVersions = new ArrayList<>(List.of("v1"));
        for (APIGroup group : cluster.client.getApiGroups().getGroups()) {
            for (GroupVersionForDiscovery v : group.getVersions()) {
                groupVersions.add(v.getGroupVersion());
            }
        }
        for (String gv : groupVersions) {
            APIResourceList resources = cluster.client.getApiResources(gv);
            if (resources == null) {
                continue;
            }
            Map<String, Boolean> kinds = new LinkedHashMap<>();
            for (APIResource r : resources.getResources()) {
                if (!r.getName().contains("/")) {
                    kinds.put(r.getKind(), Boolean.TRUE.equals(r.getNamespaced()));
                }
            }
            catalog.put(gv, kinds);
        }
        return catalog;
    }

    /** What helm install would see as .Capabilities.APIVersions: every group/version and group/version/Kind. */
    private static Set<String> apiVersions() {
        Set<String> versions = new LinkedHashSet<>();
        served.forEach((gv, kinds) -> {
            versions.add(gv);
            kinds.keySet().forEach(kind -> versions.add(gv + "/" + kind));
        });
        return versions;
    }

    private static String kubeVersion() {
        return cluster.client.getKubernetesVersion().getGitVersion();
    }

    /** `helm get values` of the installed release, in a temporary file, for rendering exactly what is installed. */
    private static Path installedValues(ClusterState s) {
        Cli.Result values = Cli.helm(s, Duration.ofMinutes(1), "get", "values", s.release(), "-n", s.namespace(),
                "--output", "yaml");
        if (!values.ok()) {
            throw new AssertionError("helm get values of the installed release:\n" + values.describe());
        }
        try {
            Path file = Files.createTempFile("installed-values-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, values.stdout(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- Strimzi's CRDs from the registry -------------------------------------------------------------------------

    private static void installStrimziCrdsWhereMissing() {
        for (String file : STRIMZI_CRDS) {
            CustomResourceDefinition crd;
            try (InputStream in = StrictValidationIT.class.getClassLoader().getResourceAsStream(STRIMZI_CRD_DIR + file)) {
                assertThat(in).as("%s%s on the test class path (io.strimzi:api test jar)", STRIMZI_CRD_DIR, file).isNotNull();
                crd = cluster.client.apiextensions().v1().customResourceDefinitions().load(in).item();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String name = crd.getMetadata().getName();
            var existing = cluster.client.apiextensions().v1().customResourceDefinitions().withName(name);
            if (existing.get() != null) {
                continue;
            }
            crd.getMetadata().setLabels(new LinkedHashMap<>(crd.getMetadata().getLabels() == null ? Map.of()
                    : crd.getMetadata().getLabels()));
            crd.getMetadata().getLabels().put("app.kubernetes.io/part-of", "todo-platform-tests");
            cluster.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            installedCrds.add(name);
        }
        for (String name : installedCrds) {
            await("CRD " + name + " Established").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        CustomResourceDefinition crd = cluster.client.apiextensions().v1().customResourceDefinitions()
                                .withName(name).get();
                        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                                && crd.getStatus().getConditions().stream()
                                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
                    });
        }
        if (!installedCrds.isEmpty()) {
            System.out.println("StrictValidationIT: installed Strimzi CRDs for the run: "
                    + installedCrds.stream().collect(Collectors.joining(", ")));
        }
    }
}
