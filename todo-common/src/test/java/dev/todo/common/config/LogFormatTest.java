package dev.todo.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.todo.common.logging.TodoJsonLogFormatter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class LogFormatTest {

    @Test
    void jsonIsTheDefaultWithoutTheBanner() {
        MockEnvironment environment = defaultsFor(new MockEnvironment());

        assertThat(environment.getProperty("logging.structured.format.console"))
                .isEqualTo(TodoJsonLogFormatter.class.getName());
        assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
        assertThat(environment.getProperty("logging.pattern.console")).isNull();
    }

    @Test
    void textIsBootsConsoleWithTheKeyValuePairs() {
        MockEnvironment environment = defaultsFor(new MockEnvironment().withProperty("LOG_FORMAT", "text"));

        assertThat(environment.getProperty("logging.structured.format.console")).isNull();
        assertThat(environment.getProperty("logging.pattern.console")).contains("%kvp").contains("%mdc");
    }

    @Test
    void thePropertyWinsOverTheVariableAndAServiceCanStillOverride() {
        MockEnvironment environment = defaultsFor(new MockEnvironment().withProperty("LOG_FORMAT", "json")
                .withProperty("todo.logging.format", "TEXT").withProperty("logging.pattern.console", "%m%n"));

        assertThat(environment.getProperty("logging.structured.format.console")).isNull();
        assertThat(environment.getProperty("logging.pattern.console")).isEqualTo("%m%n");
    }

    @Test
    void anUnknownFormatStopsTheStartNamingTheVariable() {
        assertThatIllegalStateException()
                .isThrownBy(() -> defaultsFor(new MockEnvironment().withProperty("LOG_FORMAT", "xml")))
                .withMessageContaining("LOG_FORMAT").withMessageContaining("xml");
    }

    private static MockEnvironment defaultsFor(MockEnvironment environment) {
        new TodoCommonDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
