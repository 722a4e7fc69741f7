package dev.todo.common.logging;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;

/**
 * {@link Instant#toString()} written as a JSON string without allocating: the date and time up to the second are
 * formatted once per second and kept, the fraction is written digit by digit. {@code Instant.toString()} allocates
 * a formatter context, a LocalDateTime and two strings per call, as much as the rest of a log line together. One
 * per thread, like its buffer.
 */
final class InstantText {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: outside them ISO-8601 needs a sign or more year digits. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long LAST_SECOND = 253_402_300_799L;
    private static final int SECOND_LENGTH = "yyyy-MM-ddTHH:mm:ss".length();

    private final char[] text = new char[SECOND_LENGTH + ".nnnnnnnnnZ".length()];
    private long second = Long.MIN_VALUE;

    void write(Instant instant, JsonGenerator json) throws IOException {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < FIRST_SECOND || epochSecond > LAST_SECOND) {
            json.writeString(instant.toString());
            return;
        }
        if (epochSecond != second) {
            Instant.ofEpochSecond(epochSecond).toString().getChars(0, SECOND_LENGTH, text, 0);
            second = epochSecond;
        }
        json.writeString(text, 0, appendFraction(instant.getNano()));
    }

    /** As ISO_INSTANT prints it: none, or as many groups of three digits as the nanoseconds need. */
    private int appendFraction(int nano) {
        int end = SECOND_LENGTH;
        if (nano != 0) {
            int digits;
            int value;
            if (nano % 1_000_000 == 0) {
                digits = 3;
                value = nano / 1_000_000;
            } else if (nano % 1_000 == 0) {
                digits = 6;
                value = nano / 1_000;
            } else {
                digits = 9;
                value = nano;
            }
            text[end] = '.';
            for (int i = end + digits; i > end; i--) {
                text[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            end += digits + 1;
        }
        text[end] = 'Z';
        return end + 1;
    }
}
