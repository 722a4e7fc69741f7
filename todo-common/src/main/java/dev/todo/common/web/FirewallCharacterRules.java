package dev.todo.common.web;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The character rules of Spring Security's {@code StrictHttpFirewall} for header names, header values and parameter
 * names, with a fast path: a string of printable ASCII passes without the Unicode regex. The firewall checks every
 * header each time the application reads it, and the regex over a bearer token (hundreds of characters, read
 * several times per request) cost about 5 % of a request's CPU. Anything else is judged by the firewall's own
 * patterns (copied from Spring Security 6.5), so what passes and what is refused does not change.
 */
final class FirewallCharacterRules {

    private static final Pattern ASSIGNED_AND_NOT_ISO_CONTROL = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    static final Predicate<String> HEADER_NAMES = s -> printableAscii(s, false)
            || ASSIGNED_AND_NOT_ISO_CONTROL.matcher(s).matches();
    static final Predicate<String> HEADER_VALUES = s -> printableAscii(s, true) || HEADER_VALUE.matcher(s).matches();
    static final Predicate<String> PARAMETER_NAMES = HEADER_NAMES;

    private FirewallCharacterRules() {
    }

    /** Space to tilde (every one assigned and no control character), and tab where a header value allows it. */
    private static boolean printableAscii(String s, boolean tabAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 || c > 0x7e) && !(tabAllowed && c == '\t')) {
                return false;
            }
        }
        return true;
    }
}
