package dev.todo.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The timestamp is written exactly as {@link Instant#toString()} writes it, whatever the instant. */
class InstantTextTest {

    /** One for all tries, as a thread keeps one: the per-second cache is exercised between instants too. */
    private final InstantText text = new InstantText();
    private final JsonFactory json = new JsonFactory();

    @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
    void writesWhatInstantToStringWrites(@ForAll("seconds") long second, @ForAll("nanos") int nano) throws IOException {
        Instant instant = Instant.ofEpochSecond(second, nano);

        assertThat(written(instant)).isEqualTo(instant.toString());
    }

    @Example
    void eachFractionLengthAndTheSecondAfter() throws IOException {
        for (String instant : new String[] {"2026-11-27T18:44:45Z", "2026-11-27T18:44:45.100Z",
                "2026-11-27T18:44:45.000100Z", "2026-11-27T18:44:45.000000001Z", "2026-11-27T18:44:45.999999999Z",
                "2026-11-27T18:44:46.120Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "1969-12-31T23:59:59.500Z"}) {
            assertThat(written(Instant.parse(instant))).isEqualTo(instant);
        }
    }

    @Provide
    Arbitrary<Long> seconds() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-70_000_000_000L, 260_000_000_000L),
                Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L));
    }

    @Provide
    Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 999_999_999),
                Arbitraries.integers().between(0, 999).map(millis -> millis * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(micros -> micros * 1_000));
    }

    private String written(Instant instant) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = json.createGenerator(out)) {
            text.write(instant, generator);
        }
        String quoted = out.toString();
        return quoted.substring(1, quoted.length() - 1);
    }
}
