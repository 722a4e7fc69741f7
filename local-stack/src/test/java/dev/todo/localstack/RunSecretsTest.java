package dev.todo.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSecretsTest {

    @Test
    void generatesFreshSecretsOfHs256StrengthEachRun() {
        RunSecrets first = RunSecrets.generate(Map.of());
        RunSecrets second = RunSecrets.generate(Map.of());

        assertThat(first.jwtSecret().getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(first.jwtSecret()).isNotEqualTo(second.jwtSecret());
        assertThat(first.appApiToken()).isNotEqualTo(first.daprApiToken()).isNotEqualTo(second.appApiToken());
    }

    @Test
    void takesBetterAuthSecretFromTheEnvironment() {
        String shared = "a-frontend-secret-of-at-least-32-bytes!";

        assertThat(RunSecrets.generate(Map.of("BETTER_AUTH_SECRET", shared)).jwtSecret()).isEqualTo(shared);
    }

    @Test
    void refusesASecretTooShortForHs256() {
        assertThatThrownBy(() -> RunSecrets.generate(Map.of("BETTER_AUTH_SECRET", "short")))
                .isInstanceOf(StackStartupException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void neverPrintsItsValues() {
        RunSecrets secrets = RunSecrets.generate(Map.of());

        assertThat(secrets.toString()).doesNotContain(secrets.jwtSecret()).doesNotContain(secrets.daprApiToken());
    }
}
