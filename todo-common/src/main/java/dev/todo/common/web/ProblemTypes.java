package dev.todo.common.web;

import java.net.URI;

/** The {@code type} URIs of the problems this platform defines; plain HTTP errors use about:blank. */
public final class ProblemTypes {

    public static final URI VALIDATION = URI.create("https://todo.dev/problems/validation");
    public static final URI MALFORMED_BODY = URI.create("https://todo.dev/problems/malformed-body");
    public static final URI PAYLOAD_TOO_LARGE = URI.create("https://todo.dev/problems/payload-too-large");
    public static final URI STALE_VERSION = URI.create("https://todo.dev/problems/stale-version");
    public static final URI UNAUTHORIZED = URI.create("https://todo.dev/problems/unauthorized");
    public static final URI FORBIDDEN = URI.create("https://todo.dev/problems/forbidden");
    public static final URI CONFLICT = URI.create("https://todo.dev/problems/conflict");
    /** An event the source of truth does not back (forged, or overtaken by a later change): nothing was done. */
    public static final URI STALE_EVENT = URI.create("https://todo.dev/problems/stale-event");

    private ProblemTypes() {
    }
}
