package dev.todo.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;

/** The strictness every other check relies on: a misspelt field is an error, not a silent extra. */
class StrictYamlTest {

    @Test
    void aMisspeltKubernetesFieldFails() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: x
                          image: x:1
                          securityContext: {readOnlyRootFileSystem: true}
                """;
        assertThatThrownBy(() -> StrictYaml.strict(StrictYaml.documents(yaml).get(0), Deployment.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("readOnlyRootFileSystem");
    }

    @Test
    void aMisspeltStrimziFieldFails() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 1, replica: 1}
                """;
        assertThatThrownBy(() -> StrictYaml.strict(StrictYaml.documents(yaml).get(0), KafkaTopic.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("replica");
    }

    @Test
    void aCorrectObjectMaps() throws Exception {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3, replicas: 1}
                """;
        assertThat(StrictYaml.strict(StrictYaml.documents(yaml).get(0), KafkaTopic.class).getSpec().getPartitions()).isEqualTo(3);
    }
}
