package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayTLSConfig;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the chart with real Helm for each value set and checks every object: it deserializes
 * strictly into fabric8's model (Gateway API objects included), every workload keeps the invariants
 * of issue 6 / SPEC §6, the front door is the Gateway API (the Ingress an option), and rolling
 * updates drain before they stop anything.
 */
class ChartRenderingTest {

    static final Set<String> APP_IDS = Set.of("todo-api", "notification-service", "recurring-service");
    static final Map<String, Integer> APP_PORTS = Map.of("todo-api", 8080, "notification-service", 8081,
            "recurring-service", 8082);
    static final Set<String> FLOATING_TAGS = Set.of("latest", "main", "master", "stable", "edge", "dev",
            "snapshot", "nightly");
    /** name[:tag][@sha256:digest] with an optional registry host:port. */
    static final Pattern IMAGE = Pattern.compile("^(?<repo>(?:[^/:@]+(?::\\d+)?/)?[^:@]+)(?::(?<tag>[^@]+))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$");

    static Stream<ChartScenario> scenarios() {
        return ChartScenario.all();
    }

    private static Rendered render(ChartScenario scenario) throws Exception {
        RenderedChart chart = RenderedChart.renderWithTestHooks(scenario.valuesFile(), scenario.sets());
        List<HasMetadata> typed = new ArrayList<>();
        for (JsonNode object : chart.objects()) {
            if (!KubernetesModel.isDapr(object)) {
                typed.add(KubernetesModel.strict(object));
            }
        }
        return new Rendered(chart, typed);
    }

    record Rendered(RenderedChart chart, List<HasMetadata> typed) {
        <T extends HasMetadata> List<T> all(Class<T> type) {
            return typed.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyRenderedObjectDeserializesStrictlyAndSitsInTheReleaseNamespace(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        assertThat(rendered.chart().objects()).hasSizeGreaterThan(15);
        for (JsonNode object : rendered.chart().objects()) {
            assertThat(object.path("metadata").path("namespace").asText())
                    .as("namespace of %s/%s", object.path("kind").asText(), object.path("metadata").path("name").asText())
                    .isEqualTo(RenderedChart.NAMESPACE);
        }
        assertThat(rendered.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("todo-app-todo-api", "todo-app-notification-service",
                        "todo-app-recurring-service");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyWorkloadRunsRestricted(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        int workloads = 0;
        for (HasMetadata object : rendered.typed()) {
            PodTemplateSpec template = KubernetesModel.podTemplate(object).orElse(null);
            if (template == null) {
                continue;
            }
            workloads++;
            String what = object.getKind() + " " + object.getMetadata().getName();
            PodSpec pod = template.getSpec();
            assertThat(pod.getAutomountServiceAccountToken()).as("%s automountServiceAccountToken", what).isFalse();
            assertThat(pod.getSecurityContext()).as("%s pod securityContext", what).isNotNull();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s runAsNonRoot", what).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as("%s runAsUser", what).isNotNull().isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as("%s seccomp", what)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.getInitContainers()).as("%s init containers", what).isEmpty();
            for (Container c : pod.getContainers()) {
                String cwhat = what + " container " + c.getName();
                var sc = c.getSecurityContext();
                assertThat(sc).as("%s securityContext", cwhat).isNotNull();
                assertThat(sc.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", cwhat).isFalse();
                assertThat(sc.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", cwhat).isTrue();
                assertThat(sc.getRunAsNonRoot()).as("%s runAsNonRoot", cwhat).isTrue();
                assertThat(sc.getPrivileged()).as("%s privileged", cwhat).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getCapabilities().getDrop()).as("%s capabilities.drop", cwhat).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as("%s capabilities.add", cwhat).isNullOrEmpty();
                assertThat(c.getResources().getRequests()).as("%s requests", cwhat).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as("%s limits", cwhat).containsKeys("cpu", "memory");
                assertImmutable(c.getImage(), cwhat);
                if (object instanceof Deployment || object instanceof StatefulSet) {
                    assertThat(c.getLivenessProbe()).as("%s livenessProbe", cwhat).isNotNull();
                    assertThat(c.getReadinessProbe()).as("%s readinessProbe", cwhat).isNotNull();
                }
            }
        }
        assertThat(workloads).as("workloads rendered").isGreaterThanOrEqualTo(4);
    }

    static void assertImmutable(String image, String what) {
        var m = IMAGE.matcher(image);
        assertThat(m.matches()).as("%s image %s is name[:tag][@sha256:...]", what, image).isTrue();
        String tag = m.group("tag");
        String digest = m.group("digest");
        if (digest != null) {
            return;
        }
        assertThat(tag).as("%s image %s has neither tag nor digest (means :latest)", what, image).isNotNull();
        assertThat(FLOATING_TAGS).as("%s image %s uses a floating tag", what, image).doesNotContain(tag.toLowerCase());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyServiceHasItsDaprSidecarProbesAndSecrets(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        String configName = rendered.chart().ofKind("Configuration").get(0).path("metadata").path("name").asText();
        Set<String> seenAppIds = new java.util.HashSet<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String what = "Deployment " + deployment.getMetadata().getName();
            PodTemplateSpec template = deployment.getSpec().getTemplate();
            Map<String, String> a = template.getMetadata().getAnnotations();
            String appId = a.get("dapr.io/app-id");
            assertThat(APP_IDS).as("%s dapr.io/app-id", what).contains(appId);
            seenAppIds.add(appId);
            int port = APP_PORTS.get(appId);
            assertThat(a).as("%s Dapr annotations", what)
                    .containsEntry("dapr.io/enabled", "true")
                    .containsEntry("dapr.io/app-port", String.valueOf(port))
                    .containsEntry("dapr.io/config", configName)
                    .containsEntry("dapr.io/enable-app-health-check", "true")
                    .containsEntry("dapr.io/app-health-check-path", "/actuator/health/liveness")
                    .containsEntry("dapr.io/sidecar-seccomp-profile-type", "RuntimeDefault")
                    .containsKeys("dapr.io/app-token-secret", "dapr.io/api-token-secret",
                            "dapr.io/sidecar-cpu-limit", "dapr.io/sidecar-memory-limit");
            // No pod token: daprd must not start its built-in Kubernetes secret store (it would crash).
            assertThat(a).as("%s", what).containsEntry("dapr.io/disable-builtin-k8s-secret-store", "true");

            Container app = template.getSpec().getContainers().stream().filter(c -> c.getName().equals(appId))
                    .findFirst().orElseThrow(() -> new AssertionError(what + " has no container named " + appId));
            assertThat(app.getPorts()).as("%s ports", what).singleElement()
                    .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port));
            assertHttpProbe(app.getLivenessProbe(), "/actuator/health/liveness", what + " liveness");
            assertHttpProbe(app.getReadinessProbe(), "/actuator/health/readiness", what + " readiness");
            assertHttpProbe(app.getStartupProbe(), "/actuator/health/liveness", what + " startup");
            assertThat(app.getVolumeMounts()).as("%s /tmp mount", what)
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            String tmpVolume = app.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow().getName();
            assertThat(template.getSpec().getVolumes()).as("%s tmp volume is an emptyDir", what)
                    .anySatisfy(v -> {
                        assertThat(v.getName()).isEqualTo(tmpVolume);
                        assertThat(v.getEmptyDir()).isNotNull();
                    });

            Map<String, EnvVar> env = app.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
            assertThat(env).as("%s env", what).containsKeys("SERVER_PORT", "BETTER_AUTH_SECRET", "APP_API_TOKEN",
                    "DAPR_API_TOKEN", "DAPR_HTTP_PORT", "DAPR_GRPC_PORT", "CORS_ALLOWED_ORIGINS", "SERVER_FORWARD_HEADERS_STRATEGY");
            assertThat(env.get("SERVER_PORT").getValue()).isEqualTo(String.valueOf(port));
            assertThat(env.get("SERVER_FORWARD_HEADERS_STRATEGY").getValue()).as("%s behind the Gateway", what)
                    .isEqualTo("native");
            for (String secretEnv : List.of("BETTER_AUTH_SECRET", "APP_API_TOKEN", "DAPR_API_TOKEN")) {
                assertThat(env.get(secretEnv).getValue()).as("%s %s must come from a Secret", what, secretEnv).isNull();
                assertThat(env.get(secretEnv).getValueFrom().getSecretKeyRef()).as("%s %s", what, secretEnv).isNotNull();
            }
            // The token daprd sends the app is the one the app checks; the token the app sends daprd
            // is the one daprd checks.
            assertThat(env.get("APP_API_TOKEN").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(a.get("dapr.io/app-token-secret"));
            assertThat(env.get("APP_API_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
            assertThat(env.get("DAPR_API_TOKEN").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(a.get("dapr.io/api-token-secret"));
            assertThat(env.get("DAPR_API_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
            if (appId.equals("recurring-service")) {
                assertThat(env).as("%s has no database of its own", what).doesNotContainKey("SPRING_DATASOURCE_URL");
            } else {
                assertThat(env.get("SPRING_DATASOURCE_URL").getValue()).startsWith("jdbc:postgresql://");
                assertThat(env.get("SPRING_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef()).isNotNull();
            }

            String sa = template.getSpec().getServiceAccountName();
            assertThat(rendered.all(ServiceAccount.class)).as("%s service account %s", what, sa)
                    .anySatisfy(s -> {
                        assertThat(s.getMetadata().getName()).isEqualTo(sa);
                        assertThat(s.getAutomountServiceAccountToken()).isFalse();
                    });
        }
        assertThat(seenAppIds).isEqualTo(APP_IDS);
        assertEachAppHasItsOwnTokenSecrets(rendered);
        for (ServiceAccount sa : rendered.all(ServiceAccount.class)) {
            assertThat(sa.getAutomountServiceAccountToken()).as("ServiceAccount %s", sa.getMetadata().getName()).isFalse();
        }
    }

    /**
     * Issue 11: one pair of Dapr tokens per app. No two apps share a token Secret (a compromised service holding
     * only its own could otherwise call another's /internal or /job routes directly), the app token and the API
     * token of one app are different Secrets, and annotation, env and Secret name agree.
     */
    private static void assertEachAppHasItsOwnTokenSecrets(Rendered rendered) {
        Map<String, String> owner = new HashMap<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            Map<String, String> a = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            String appId = a.get("dapr.io/app-id");
            String appToken = a.get("dapr.io/app-token-secret");
            String apiToken = a.get("dapr.io/api-token-secret");
            assertThat(appToken).as("%s app-token-secret", appId).isEqualTo(appId + "-app-api-token");
            assertThat(apiToken).as("%s api-token-secret", appId).isEqualTo(appId + "-dapr-api-token");
            for (String secret : List.of(appToken, apiToken)) {
                String previous = owner.putIfAbsent(secret, appId);
                assertThat(previous).as("token Secret %s used by %s and %s", secret, previous, appId).isNull();
            }
        }
        assertThat(owner).hasSize(2 * APP_IDS.size());
        List<Secret> made = rendered.all(Secret.class);
        if (!made.isEmpty()) {
            List<String> tokens = made.stream().filter(s -> owner.containsKey(s.getMetadata().getName()))
                    .map(s -> s.getStringData().get("token")).collect(Collectors.toList());
            assertThat(tokens).as("chart-made token values").hasSize(owner.size()).doesNotHaveDuplicates()
                    .allSatisfy(t -> assertThat(t).isNotBlank());
        }
    }

    private static void assertHttpProbe(Probe probe, String path, String what) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet()).as(what).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void secretsReferencedExistWhenTheChartMakesThem(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        boolean chartMakesSecrets = Boolean.TRUE.equals(scenario.sets().get("secrets.create"));
        Map<String, Set<String>> referenced = new HashMap<>();
        for (HasMetadata object : rendered.typed()) {
            KubernetesModel.podTemplate(object).ifPresent(t -> t.getSpec().getContainers().forEach(c ->
                    c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                            .map(e -> e.getValueFrom().getSecretKeyRef())
                            .forEach(ref -> referenced.computeIfAbsent(ref.getName(), k -> new java.util.TreeSet<>()).add(ref.getKey()))));
        }
        Set<String> expected = new java.util.TreeSet<>(Set.of("todo-auth",
                "todo-api-app-api-token", "todo-api-dapr-api-token",
                "notification-service-app-api-token", "notification-service-dapr-api-token",
                "recurring-service-app-api-token", "recurring-service-dapr-api-token",
                "todo-db-todo-api", "todo-db-notification"));
        if (!"values-cloud.yaml".equals(scenario.valuesFile())) {
            // the in-chart PostgreSQL: its superuser and every role's password, to create the roles
            expected.addAll(Set.of("todo-db", "todo-db-statestore"));
        }
        assertThat(referenced).containsOnlyKeys(expected);
        List<Secret> secrets = rendered.all(Secret.class);
        if (!chartMakesSecrets) {
            assertThat(secrets).as("secrets are created outside the chart").isEmpty();
            return;
        }
        for (var ref : referenced.entrySet()) {
            Secret secret = secrets.stream().filter(s -> s.getMetadata().getName().equals(ref.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("Secret " + ref.getKey() + " referenced but not rendered"));
            assertThat(secret.getStringData()).as("keys of Secret %s", ref.getKey()).containsKeys(ref.getValue().toArray(String[]::new));
        }
        Secret state = secrets.stream().filter(s -> s.getMetadata().getName().equals("todo-db-statestore")).findFirst().orElseThrow();
        assertThat(state.getStringData().get("state-connection-string"))
                .as("the state store connects as its own role").contains("dbname=dapr_state", "user=dapr_state");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void servicesHpaAndDisruptionBudgetsMatchTheDeployments(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        List<HorizontalPodAutoscaler> hpas = rendered.all(HorizontalPodAutoscaler.class);
        List<PodDisruptionBudget> pdbs = rendered.all(PodDisruptionBudget.class);
        for (Deployment d : rendered.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());

            Service svc = rendered.all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no Service for " + name));
            assertThat(podLabels).as("Service %s selects its pods", name).containsAllEntriesOf(svc.getSpec().getSelector());
            assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p ->
                    assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));

            var hpa = hpas.stream().filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name)).findFirst();
            int minReplicas;
            if (hpa.isPresent()) {
                assertThat(d.getSpec().getReplicas()).as("%s: replicas left to the HPA", name).isNull();
                assertThat(hpa.get().getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
                assertThat(hpa.get().getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(hpa.get().getSpec().getMinReplicas());
                minReplicas = hpa.get().getSpec().getMinReplicas();
            } else {
                minReplicas = d.getSpec().getReplicas();
            }
            var pdb = pdbs.stream().filter(p -> podLabels.entrySet().containsAll(
                    p.getSpec().getSelector().getMatchLabels().entrySet())).toList();
            if (minReplicas > 1) {
                assertThat(pdb).as("%s runs %d replicas: one PodDisruptionBudget", name, minReplicas).hasSize(1);
                assertThat(pdb.get(0).getSpec().getMinAvailable().getIntVal()).isLessThan(minReplicas);
            } else {
                assertThat(pdb).as("%s runs one replica: a PDB would block node drains", name).isEmpty();
            }
        }
        if (scenario.valuesFile() != null && scenario.valuesFile().equals("values-cloud.yaml")) {
            assertThat(hpas).as("cloud autoscales the public services").hasSize(2);
            assertThat(pdbs).as("cloud: every service has more than one replica").hasSize(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theGatewayTerminatesTlsForTheHostAndRedirectsPlainHttp(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        List<Gateway> gateways = rendered.all(Gateway.class);
        if (!scenario.gateway()) {
            assertThat(gateways).isEmpty();
            assertThat(rendered.all(HTTPRoute.class)).isEmpty();
            return;
        }
        assertThat(gateways).singleElement().satisfies(g -> assertThat(g.getMetadata().getName()).isEqualTo("todo-app"));
        Gateway gateway = gateways.get(0);
        assertThat(gateway.getSpec().getGatewayClassName()).isEqualTo("traefik");
        Map<String, Listener> listeners = gateway.getSpec().getListeners().stream()
                .collect(Collectors.toMap(Listener::getName, l -> l));
        assertThat(listeners).containsOnlyKeys("https", "http");
        Listener https = listeners.get("https");
        Listener http = listeners.get("http");
        // Traefik binds a listener to the entryPoint with the same container port: websecure 8443, web 8000.
        assertThat(https.getPort()).isEqualTo(8443);
        assertThat(http.getPort()).isEqualTo(8000);
        assertThat(https.getProtocol()).isEqualTo("HTTPS");
        assertThat(http.getProtocol()).isEqualTo("HTTP");
        assertThat(https.getHostname()).isEqualTo(scenario.host());
        assertThat(http.getHostname()).isEqualTo(scenario.host());
        GatewayTLSConfig tls = https.getTls();
        assertThat(tls.getMode()).isEqualTo("Terminate");
        assertThat(tls.getCertificateRefs()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Secret");
            assertThat(ref.getNamespace()).as("the Secret sits beside the Gateway").isNull();
            assertThat(ref.getName()).isEqualTo(switch (String.valueOf(scenario.valuesFile())) {
                case "values-local.yaml", "values-cluster.yaml" -> "todo-local-tls";
                default -> "todo-app-tls";
            });
        });
        for (Listener listener : listeners.values()) {
            assertThat(listener.getAllowedRoutes().getNamespaces().getFrom()).isEqualTo("Same");
        }
        Map<String, String> annotations = gateway.getMetadata().getAnnotations() == null ? Map.of()
                : gateway.getMetadata().getAnnotations();
        switch (String.valueOf(scenario.valuesFile())) {
            case "values-cloud.yaml" -> assertThat(annotations).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt-prod");
            case "values-local.yaml" -> assertThat(annotations).containsEntry("cert-manager.io/cluster-issuer", "selfsigned");
            default -> assertThat(annotations).as("the cluster script makes the TLS Secret itself").doesNotContainKey("cert-manager.io/cluster-issuer");
        }

        HTTPRoute redirect = route(rendered, "todo-app-https-redirect");
        assertThat(redirect.getSpec().getParentRefs()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("todo-app");
            assertThat(p.getSectionName()).isEqualTo("http");
        });
        assertThat(redirect.getSpec().getHostnames()).containsExactly(scenario.host());
        assertThat(redirect.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getBackendRefs()).as("the HTTP listener serves nothing but the redirect").isNullOrEmpty();
            assertThat(rule.getFilters()).singleElement().satisfies(f -> {
                assertThat(f.getType()).isEqualTo("RequestRedirect");
                assertThat(f.getRequestRedirect().getScheme()).isEqualTo("https");
                assertThat(f.getRequestRedirect().getStatusCode()).isEqualTo(301);
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theHttpRouteSendsNotificationsAndStreamsToNotificationServiceAndTheRestOfApiToTodoApi(ChartScenario scenario)
            throws Exception {
        Rendered rendered = render(scenario);
        if (!scenario.gateway()) {
            return;
        }
        HTTPRoute route = route(rendered, "todo-app");
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("todo-app");
            assertThat(p.getSectionName()).isEqualTo("https");
        });
        assertThat(route.getSpec().getHostnames()).containsExactly(scenario.host());
        List<HTTPRouteRule> rules = route.getSpec().getRules();
        Map<String, Integer> servicePorts = rendered.all(Service.class).stream().collect(Collectors.toMap(
                s -> s.getMetadata().getName(), s -> s.getSpec().getPorts().get(0).getPort()));
        for (HTTPRouteRule rule : rules) {
            assertThat(rule.getBackendRefs()).singleElement().satisfies(ref -> {
                assertThat(servicePorts).as("backend %s is a rendered Service", ref.getName()).containsKey(ref.getName());
                assertThat(ref.getPort()).isEqualTo(servicePorts.get(ref.getName()));
            });
            assertThat(rule.getTimeouts()).as("no request timeout: the event stream is long-lived").isNull();
        }
        // Regular expressions first: they must win over the /api prefix.
        assertThat(rules).extracting(r -> r.getMatches().get(0).getPath().getType())
                .containsExactly("RegularExpression", "PathPrefix");
        Pattern notifications = Pattern.compile(rules.get(0).getMatches().get(0).getPath().getValue());
        assertThat(rules.get(0).getBackendRefs().get(0).getName()).isEqualTo("todo-app-notification-service");
        assertThat(rules.get(1).getMatches().get(0).getPath().getValue()).isEqualTo("/api");
        assertThat(rules.get(1).getBackendRefs().get(0).getName()).isEqualTo("todo-app-todo-api");
        for (String path : List.of("/api/u1/notifications", "/api/u1/notifications/7/read", "/api/u1/notifications/read-all",
                "/api/u1/stream", "/api/u1/stream-tickets")) {
            assertThat(notifications.matcher(path).find()).as("%s -> notification-service", path).isTrue();
        }
        for (String path : List.of("/api/u1/tasks", "/api/u1/tasks/3/history", "/api/notifications", "/api/u1/streams",
                "/api/u1/tasks/3/notifications")) {
            assertThat(notifications.matcher(path).find()).as("%s -> todo-api", path).isFalse();
        }
    }

    private static HTTPRoute route(Rendered rendered, String name) {
        return rendered.all(HTTPRoute.class).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("HTTPRoute " + name + " not rendered"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theIngressIsOptionalAndServesTheSamePathsThroughTraefik(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        List<Ingress> ingresses = rendered.all(Ingress.class);
        if (!scenario.ingress()) {
            assertThat(ingresses).as("the Ingress is off unless asked for").isEmpty();
            return;
        }
        assertThat(ingresses).hasSize(1);
        Ingress ingress = ingresses.get(0);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
        String host = ingress.getSpec().getRules().get(0).getHost();
        assertThat(host).isEqualTo("todo.example.com");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly(host);
            assertThat(tls.getSecretName()).isNotBlank();
        });
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt-prod")
                .containsEntry("traefik.ingress.kubernetes.io/router.pathmatcher", "PathRegexp")
                .allSatisfy((key, value) -> assertThat(key).doesNotContain("nginx"));
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertThat(paths).extracting(p -> p.getBackend().getService().getName() + " " + p.getPathType() + " " + p.getPath())
                .containsExactly(
                        "todo-app-notification-service ImplementationSpecific /api/[^/]+/(notifications|stream|stream-tickets)(/.*)?$",
                        "todo-app-todo-api Prefix /api");
        Set<String> services = rendered.all(Service.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        for (HTTPIngressPath path : paths) {
            assertThat(path.getPath()).as("an Ingress path is absolute").startsWith("/");
            assertThat(services).contains(path.getBackend().getService().getName());
            assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void rollingUpdatesFailNoRequestAndLoseNoEvent(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        for (Deployment d : rendered.all(Deployment.class)) {
            String what = "Deployment " + d.getMetadata().getName();
            assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
            assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).as(what).isZero();
            assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).as(what).isEqualTo(1);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container app = pod.getContainers().get(0);
            assertHttpProbe(app.getReadinessProbe(), "/actuator/health/readiness", what + " readiness");
            // No shell in the image: the kubelet's own sleep action, not an exec of sleep.
            assertThat(app.getLifecycle().getPreStop().getExec()).as(what).isNull();
            int preStop = app.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
            assertThat(preStop).as("%s preStop sleep lets endpoints drain", what).isBetween(5, 30);
            Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
            int block = (int) java.time.Duration.parse("PT" + a.get("dapr.io/block-shutdown-duration").toUpperCase()).toSeconds();
            int graceful = Integer.parseInt(a.get("dapr.io/graceful-shutdown-seconds"));
            long grace = pod.getTerminationGracePeriodSeconds();
            // Spring's graceful shutdown (server.shutdown=graceful) takes up to 30 s per phase.
            assertThat(block).as("%s: daprd serves the app through preStop and Spring's shutdown", what)
                    .isGreaterThanOrEqualTo(preStop + SPRING_SHUTDOWN_SECONDS);
            assertThat(grace).as("%s terminationGracePeriodSeconds", what)
                    .isGreaterThan(preStop + SPRING_SHUTDOWN_SECONDS)
                    .isGreaterThanOrEqualTo(block + graceful);
            assertThat(a).as(what).doesNotContainKey("dapr.io/sidecar-image");
        }
    }

    /** spring.lifecycle.timeout-per-shutdown-phase: Spring Boot's default, which the services keep. */
    static final int SPRING_SHUTDOWN_SECONDS = 30;

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void networkPoliciesDenyByDefaultAndOpenOnlyTheAppAndSidecarPorts(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
        NetworkPolicy deny = policies.stream().filter(p -> p.getMetadata().getName().endsWith("-default-deny"))
                .findFirst().orElseThrow(() -> new AssertionError("no default-deny NetworkPolicy"));
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        for (HasMetadata workload : rendered.typed()) {
            var template = KubernetesModel.podTemplate(workload);
            if (template.isEmpty()) {
                continue;
            }
            Map<String, String> labels = template.get().getMetadata().getLabels();
            assertThat(labels).as("%s is covered by default-deny", workload.getMetadata().getName())
                    .containsAllEntriesOf(deny.getSpec().getPodSelector().getMatchLabels());
        }
        for (Deployment d : rendered.all(Deployment.class)) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            Set<Integer> open = policies.stream()
                    .filter(p -> p != deny && labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .flatMap(p -> p.getSpec().getIngress().stream())
                    .flatMap(rule -> rule.getPorts().stream())
                    .map(port -> port.getPort().getIntVal())
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            int appPort = d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getContainerPort();
            assertThat(open).as("ports open to %s", d.getMetadata().getName()).isSubsetOf(Set.of(appPort, 50002, 9090))
                    .contains(appPort, 50002);
            Set<String> fromNamespaces = policies.stream()
                    .filter(p -> p != deny && labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .flatMap(p -> p.getSpec().getIngress().stream())
                    .flatMap(rule -> rule.getFrom().stream())
                    .filter(peer -> peer.getNamespaceSelector() != null)
                    .map(peer -> peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
                    .collect(Collectors.toSet());
            // issue 11: inside the release only the helm test pod reaches an app port; the services reach each
            // other through their sidecars (50002), never another app's Dapr-called routes directly
            policies.stream()
                    .filter(p -> p != deny && labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .flatMap(p -> p.getSpec().getIngress().stream())
                    .filter(rule -> rule.getPorts().stream().anyMatch(port -> Objects.equals(port.getPort().getIntVal(), appPort)))
                    .flatMap(rule -> rule.getFrom().stream())
                    .filter(peer -> peer.getNamespaceSelector() == null)
                    .forEach(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                            .as("pods of the release that may reach %s's app port", d.getMetadata().getName())
                            .containsEntry("app.kubernetes.io/component", "helm-test"));
            boolean isPublic = !d.getMetadata().getName().endsWith("recurring-service");
            if (isPublic) {
                assertThat(fromNamespaces).as("the Gateway controller (Traefik) reaches %s", d.getMetadata().getName())
                        .contains("traefik");
            }
            assertThat(fromNamespaces).as("no ingress-nginx any more").doesNotContain("ingress-nginx");
        }
        List<NetworkPolicy> kafka = policies.stream().filter(p -> "kafka".equals(
                p.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))).toList();
        if (scenario.inChartKafka()) {
            assertThat(kafka).singleElement().satisfies(p -> assertThat(p.getSpec().getIngress()).singleElement().satisfies(rule -> {
                assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal()).containsExactly(9092);
                assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                        .as("the release's pods reach the broker").isEqualTo(deny.getSpec().getPodSelector().getMatchLabels()));
            }));
        } else {
            assertThat(kafka).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void helmTestHookChecksEveryServiceReadiness(ChartScenario scenario) throws Exception {
        Rendered rendered = render(scenario);
        var pods = rendered.all(io.fabric8.kubernetes.api.model.Pod.class);
        assertThat(pods).as("helm test hook pods").hasSize(1);
        String script = String.join("\n", pods.get(0).getSpec().getContainers().get(0).getArgs());
        Set<String> deployments = rendered.all(Deployment.class).stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
        for (Service svc : rendered.all(Service.class)) {
            if (!deployments.contains(svc.getMetadata().getName())) {
                continue;
            }
            assertThat(script).contains("http://" + svc.getMetadata().getName() + ":" + svc.getSpec().getPorts().get(0).getPort()
                    + "/actuator/health/readiness");
        }
        if (rendered.chart().objects().stream().noneMatch(o -> o.path("kind").asText().equals("Pod"))) {
            fail("hook pod missing");
        }
    }
}
