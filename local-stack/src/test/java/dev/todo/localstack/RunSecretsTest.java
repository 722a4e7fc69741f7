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
        assertThat(first.appApiToken(ServiceSpec.TODO_API)).isNotEqualTo(second.appApiToken(ServiceSpec.TODO_API));
    }

    @Test
    void givesEveryAppItsOwnTwoTokens() {
        RunSecrets secrets = RunSecrets.generate(Map.of());

        java.util.List<String> all = ServiceSpec.ALL.stream()
                .flatMap(s -> java.util.stream.Stream.of(secrets.appApiToken(s), secrets.daprApiToken(s))).toList();
        assertThat(all).hasSize(6).doesNotHaveDuplicates().allSatisfy(token -> assertThat(token).isNotBlank());
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

        assertThat(secrets.toString()).doesNotContain(secrets.jwtSecret())
                .doesNotContain(secrets.daprApiToken(ServiceSpec.TODO_API))
                .doesNotContain(secrets.appApiToken(ServiceSpec.TODO_API));
        assertThat(secrets.tokens(ServiceSpec.TODO_API).toString())
                .doesNotContain(secrets.daprApiToken(ServiceSpec.TODO_API));
    }
}
