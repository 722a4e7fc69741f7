package dev.todo.api.task;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.ErrorResponseException;

class ETagsTest {

    @ParameterizedTest
    @ValueSource(strings = {"\"3\"", "W/\"3\"", "*", "\"1\", \"3\"", " \"3\" "})
    void givenAMatchingIfMatch_thenTheWriteMayProceed(String ifMatch) {
        assertThatCode(() -> ETags.requireMatch(ifMatch, 3)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2\"", "3x", "\"\"", "W/\"4\"", "\"1\", \"2\""})
    void givenAStaleOrForeignIfMatch_then412(String ifMatch) {
        assertThatThrownBy(() -> ETags.requireMatch(ifMatch, 3))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.getStatusCode().value()).isEqualTo(412));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void givenNoIfMatch_thenTheWriteIsUnconditional(String ifMatch) {
        assertThatCode(() -> ETags.requireMatch(ifMatch, 3)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.requireMatch(null, 3)).doesNotThrowAnyException();
    }
}
