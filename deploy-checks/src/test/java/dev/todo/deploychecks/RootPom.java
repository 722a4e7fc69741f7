package dev.todo.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a version property of the root pom, where every version is pinned. */
final class RootPom {

    private RootPom() {
    }

    static String property(String name) {
        try {
            String pom = Files.readString(ProjectFiles.resolve("pom.xml"));
            Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
            if (!m.find()) {
                throw new AssertionError("root pom has no property " + name);
            }
            return m.group(1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
