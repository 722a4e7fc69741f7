package dev.todo.api.task;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The tasks table keeps the wire name, so SQL filters and the API read the same word. */
@Converter
class PriorityConverter implements AttributeConverter<Priority, String> {

    @Override
    public String convertToDatabaseColumn(Priority priority) {
        return priority == null ? null : priority.wireName();
    }

    @Override
    public Priority convertToEntityAttribute(String column) {
        return column == null ? null : Priority.fromWire(column);
    }
}
