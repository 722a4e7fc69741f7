package dev.todo.api.task;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Duration;

/**
 * A reminder offset is stored as its ISO-8601 text ({@code PT15M}), the form the API and the events carry, rather
 * than Hibernate's default numeric interval mapping.
 */
@Converter
class IsoDurationConverter implements AttributeConverter<Duration, String> {

    @Override
    public String convertToDatabaseColumn(Duration duration) {
        return duration == null ? null : duration.toString();
    }

    @Override
    public Duration convertToEntityAttribute(String column) {
        return column == null ? null : Duration.parse(column);
    }
}
