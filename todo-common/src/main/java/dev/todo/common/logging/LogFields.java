package dev.todo.common.logging;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The MDC entries and key/value pairs of one event as the fields of its line: in first-seen order, a later value
 * replacing an earlier one of the same name (so a pair wins over the MDC), null values and reserved names dropped
 * (the semantics of a LinkedHashMap, reused across events instead of allocated for each). A line has a handful of
 * fields, so a linear search beats hashing.
 */
final class LogFields implements BiConsumer<String, String> {

    private static final int INITIAL_CAPACITY = 16;
    private static final int RETAINED_CAPACITY = 256;

    private String[] names = new String[INITIAL_CAPACITY];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;

    @Override
    public void accept(String key, String value) {
        put(key, value);
    }

    void put(String key, Object value) {
        String name = LogFieldNames.of(key);
        if (name == null || value == null) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                values[i] = value;
                return;
            }
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size++] = value;
    }

    int size() {
        return size;
    }

    String name(int index) {
        return names[index];
    }

    Object value(int index) {
        return values[index];
    }

    /** Forgets the values too: a thread's scratch list must not keep a logged object alive, nor a huge list. */
    void clear() {
        if (names.length > RETAINED_CAPACITY) {
            names = new String[INITIAL_CAPACITY];
            values = new Object[INITIAL_CAPACITY];
        } else {
            Arrays.fill(names, 0, size, null);
            Arrays.fill(values, 0, size, null);
        }
        size = 0;
    }
}
