package dev.todo.common.config;

import dev.todo.common.logging.TodoJsonLogFormatter;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * How the services write their console log (docs/CONVENTIONS.md): {@code json}, the default everywhere, one
 * {@link TodoJsonLogFormatter} object a line; or {@code text} for a developer reading a terminal, Boot's usual
 * lines with the key/value pairs ({@code %kvp}) and MDC appended. Chosen by LOG_FORMAT or
 * {@code todo.logging.format}.
 */
enum LogFormat {

    JSON {
        @Override
        void addDefaults(Map<String, Object> defaults) {
            defaults.put("logging.structured.format.console", TodoJsonLogFormatter.class.getName());
            // the banner is not a log event: it would be the only non-JSON lines of the log
            defaults.put("spring.main.banner-mode", "off");
        }
    },
    TEXT {
        @Override
        void addDefaults(Map<String, Object> defaults) {
            defaults.put("logging.pattern.console", "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p [%15.15t] "
                    + "%-40.40logger{39} : %m %kvp %mdc%n%wEx");
        }
    };

    static final String PROPERTY = "todo.logging.format";

    abstract void addDefaults(Map<String, Object> defaults);

    static LogFormat of(Environment environment) {
        String value = environment.getProperty(PROPERTY, environment.getProperty("LOG_FORMAT", "json"));
        if (value.isBlank()) {
            return JSON;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("LOG_FORMAT (" + PROPERTY + ") must be json or text, not '" + value + "'", e);
        }
    }
}
