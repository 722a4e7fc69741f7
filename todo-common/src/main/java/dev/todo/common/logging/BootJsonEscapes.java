package dev.todo.common.logging;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Jackson's escaping made byte-identical to Boot's {@code JsonWriter}, so switching writers changes no log line:
 * Boot escapes every ISO control character, {@code U+007F-U+009F} too (as a six-character escape with upper-case
 * hex); Jackson by default escapes only {@code U+0000-U+001F} besides the quote and the backslash.
 */
final class BootJsonEscapes extends CharacterEscapes {

    static final BootJsonEscapes INSTANCE = new BootJsonEscapes();

    private static final char FIRST_C1 = '\u0080';
    private static final char LAST_C1 = '\u009F';

    private final int[] asciiEscapes;
    private final SerializableString[] c1Escapes = new SerializableString[LAST_C1 - FIRST_C1 + 1];

    private BootJsonEscapes() {
        asciiEscapes = standardAsciiEscapesForJSON();
        asciiEscapes[0x7F] = ESCAPE_STANDARD;
        for (char c = FIRST_C1; c <= LAST_C1; c++) {
            c1Escapes[c - FIRST_C1] = new SerializedString(String.format("\\u%04X", (int) c));
        }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch >= FIRST_C1 && ch <= LAST_C1 ? c1Escapes[ch - FIRST_C1] : null;
    }
}
