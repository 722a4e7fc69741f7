package dev.todo.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts a service's Spring Boot fat jar with the environment of docs/CONVENTIONS.md. */
public final class ServiceApp {

    static final String CORS_ORIGINS = "http://localhost:3000";
    /** E-mail settings taken from the launcher's environment (the channel is off unless they switch it on). */
    static final List<String> EMAIL_SETTINGS = List.of("NOTIFICATION_EMAIL_ENABLED", "NOTIFICATION_EMAIL_FROM",
            "NOTIFICATION_EMAIL_ADDRESS_TEMPLATE", "SPRING_MAIL_HOST", "SPRING_MAIL_PORT", "SPRING_MAIL_USERNAME",
            "SPRING_MAIL_PASSWORD");

    private ServiceApp() {
    }

    /**
     * {@code environment}: where LOG_FORMAT, the trace sampling ({@link TracingSampling}) and the e-mail settings of
     * {@link #EMAIL_SETTINGS} come from; a service started again takes the stack's ({@link LocalStack#environment()}).
     */
    public static ManagedProcess start(String java, Workspace workspace, Path runDir, ServiceSpec service, RunSecrets secrets,
                                       Map<String, String> environment) {
        Path jar = workspace.serviceJar(service.module());
        if (!Files.isRegularFile(jar)) {
            throw new StackStartupException(service.appId(), "missing " + jar + System.lineSeparator()
                    + "what to do: build it with ./mvnw -q -B -pl " + service.module() + " -am package -DskipTests"
                    + " (or ./mvnw -q -B install -DskipTests for everything)");
        }
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", String.valueOf(service.appPort()));
        // Loopback only, like every other process of the stack (Spring's default is all interfaces).
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("DAPR_HTTP_PORT", String.valueOf(service.daprHttpPort()));
        env.put("DAPR_GRPC_PORT", String.valueOf(service.daprGrpcPort()));
        // The app's own tokens, the ones its daprd has: the app refuses to start without APP_API_TOKEN.
        env.put("DAPR_API_TOKEN", secrets.daprApiToken(service));
        env.put("APP_API_TOKEN", secrets.appApiToken(service));
        env.put("BETTER_AUTH_SECRET", secrets.jwtSecret());
        env.put("CORS_ALLOWED_ORIGINS", CORS_ORIGINS);
        env.put("MANAGEMENT_ZIPKIN_TRACING_ENDPOINT", ZipkinServer.SPANS_ENDPOINT);
        TracingSampling.requested(environment)
                .ifPresent(rate -> env.put("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", rate));
        // JSON lines unless the developer asks for text (LOG_FORMAT=text, docs/CONVENTIONS.md)
        String logFormat = environment.get("LOG_FORMAT");
        if (logFormat != null && !logFormat.isBlank()) {
            env.put("LOG_FORMAT", logFormat);
        }
        service.database().ifPresent(database -> {
            env.put("SPRING_DATASOURCE_URL", PostgresServer.jdbcUrl(database));
            env.put("SPRING_DATASOURCE_USERNAME", PostgresServer.USER);
            env.put("SPRING_DATASOURCE_PASSWORD", PostgresServer.PASSWORD);
        });
        if (service == ServiceSpec.NOTIFICATION_SERVICE) {
            // No mail server locally unless the environment names one: the log and stream channels deliver.
            env.put("NOTIFICATION_EMAIL_ENABLED", "false");
            for (String key : EMAIL_SETTINGS) {
                String value = environment.get(key);
                if (value != null && !value.isBlank()) {
                    env.put(key, value);
                }
            }
        }
        // glibc gives every thread that allocates its own 64 MB malloc arena; two are plenty for a JVM, whose
        // allocations are mostly on its own heap, and the rest shows up as resident memory.
        env.put("MALLOC_ARENA_MAX", "2");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ServiceJvmOptions.of(service, runDir, environment, canTrimNativeHeap()));
        ClassDataSharing cds = ClassDataSharing.enabled(environment)
                ? ClassDataSharing.prepare(java, service.module(), jar) : null;
        if (cds != null) {
            command.addAll(cds.jvmOptions());
        }
        command.addAll(List.of("-jar", (cds != null ? cds.jar() : jar).toString()));
        ManagedProcess app = ManagedProcess.start(service.appId(), command, env, runDir,
                runDir.resolve("logs/" + service.appId() + ".log"));
        return cds != null ? app.afterExit(cds::afterExit) : app;
    }

    /**
     * Whether this JVM (the services run with the launcher's own java) knows the option: it came with 17.0.9 and
     * 21.0.1, and an older JVM refuses to start with it.
     */
    static boolean canTrimNativeHeap() {
        try {
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("TrimNativeHeapInterval");
            return true;
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return false;
        }
    }
}
