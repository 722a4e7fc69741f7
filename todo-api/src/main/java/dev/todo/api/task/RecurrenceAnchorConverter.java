package dev.todo.api.task;

import dev.todo.common.recurrence.RecurrenceAnchor;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The tasks table keeps the wire name ({@code due}, {@code completion}). */
@Converter
class RecurrenceAnchorConverter implements AttributeConverter<RecurrenceAnchor, String> {

    @Override
    public String convertToDatabaseColumn(RecurrenceAnchor anchor) {
        return anchor == null ? null : anchor.wireName();
    }

    @Override
    public RecurrenceAnchor convertToEntityAttribute(String column) {
        return column == null ? null : RecurrenceAnchor.fromWire(column);
    }
}
