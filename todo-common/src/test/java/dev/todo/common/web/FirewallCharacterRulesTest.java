package dev.todo.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fast path changes nothing: every rule answers exactly as Spring Security's own pattern does. */
class FirewallCharacterRulesTest {

    // Spring Security 6.5's StrictHttpFirewall patterns, written out again so a divergence shows here
    private static final Pattern SPRING_NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern SPRING_VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    private static final List<String> SAMPLES = List.of("", "Authorization",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl", "a\tb", "tab\t", "x\u001bH", "nul\u0000",
            "del\u007f", "line\nbreak", "caf\u00e9", "\u00a0nbsp", "\u0085nel", "emoji \ud83d\ude00", "unassigned \u0378",
            "lone surrogate \ud800", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./");

    @Test
    void givenSamplesAroundEveryBoundary_thenEachRuleAgreesWithSpringSecuritysPattern() {
        for (String sample : SAMPLES) {
            assertAgree(sample);
        }
    }

    @Test
    void givenEverySingleCharacterOfTheBasicPlane_thenEachRuleAgreesWithSpringSecuritysPattern() {
        IntStream.rangeClosed(0, 0xffff).mapToObj(c -> "ab" + (char) c + "cd").forEach(FirewallCharacterRulesTest::assertAgree);
    }

    @Test
    void givenAControlCharacter_thenItIsRefusedAndATabOnlyInAValue() {
        assertThat(FirewallCharacterRules.HEADER_VALUES.test("x\u001bH")).isFalse();
        assertThat(FirewallCharacterRules.HEADER_NAMES.test("x\u001bH")).isFalse();
        assertThat(FirewallCharacterRules.PARAMETER_NAMES.test("y\u001bH")).isFalse();
        assertThat(FirewallCharacterRules.HEADER_VALUES.test("a\tb")).isTrue();
        assertThat(FirewallCharacterRules.HEADER_NAMES.test("a\tb")).isFalse();
    }

    private static void assertAgree(String sample) {
        assertSame(FirewallCharacterRules.HEADER_NAMES, SPRING_NAMES, sample);
        assertSame(FirewallCharacterRules.PARAMETER_NAMES, SPRING_NAMES, sample);
        assertSame(FirewallCharacterRules.HEADER_VALUES, SPRING_VALUES, sample);
    }

    private static void assertSame(Predicate<String> rule, Pattern spring, String sample) {
        assertThat(rule.test(sample)).as("%s", sample.codePoints().mapToObj(Integer::toHexString).toList())
                .isEqualTo(spring.matcher(sample).matches());
    }
}
