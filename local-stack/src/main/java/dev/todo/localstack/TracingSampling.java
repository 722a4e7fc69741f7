package dev.todo.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many traces the run samples. A developer's run samples every one (the Zipkin beside it shows each request);
 * {@code TODO_TRACING_SAMPLING} (0 to 1) sets the apps' and the sidecars' rate alike, for example 0 in the
 * benchmark, as the chart's default, so that measuring the pipeline does not measure the tracing of it.
 */
public final class TracingSampling {

    public static final String VARIABLE = "TODO_TRACING_SAMPLING";
    /** The sidecars' Configuration with the chosen rate; {@link Daprd} takes it when present. */
    static final String RUN_CONFIG = "dapr-config.yaml";
    private static final Pattern RATE = Pattern.compile("samplingRate: \"[^\"]*\"");

    private TracingSampling() {
    }

    /** The rate the environment asks for, if any; a value outside 0 to 1 stops the start with what to do. */
    public static Optional<String> requested(Map<String, String> environment) {
        String value = environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            BigDecimal rate = new BigDecimal(value.trim());
            if (rate.signum() >= 0 && rate.compareTo(BigDecimal.ONE) <= 0) {
                return Optional.of(rate.toPlainString());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StackStartupException("tracing", VARIABLE + "=" + value + " is not a rate between 0 and 1"
                + System.lineSeparator() + "what to do: set it to a number such as 0, 0.1 or 1, or unset it (1)");
    }

    /** Writes the sidecars' Configuration with the requested rate into the run directory (or removes it). */
    static void configureSidecars(Map<String, String> environment, Workspace workspace, Path runDir) {
        Path runConfig = runDir.resolve(RUN_CONFIG);
        try {
            Optional<String> rate = requested(environment);
            if (rate.isEmpty()) {
                Files.deleteIfExists(runConfig);
                return;
            }
            String config = Files.readString(workspace.daprConfig());
            Matcher matcher = RATE.matcher(config);
            if (!matcher.find()) {
                throw new StackStartupException("tracing", workspace.daprConfig() + " names no samplingRate");
            }
            Files.writeString(runConfig, matcher.replaceFirst("samplingRate: \"" + rate.get() + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runConfig, e);
        }
    }

    /** The Configuration a sidecar of this run starts with. */
    static Path sidecarConfig(Workspace workspace, Path runDir) {
        Path runConfig = runDir.resolve(RUN_CONFIG);
        return Files.isRegularFile(runConfig) ? runConfig : workspace.daprConfig();
    }
}
