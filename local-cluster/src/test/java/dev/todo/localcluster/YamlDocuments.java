package dev.todo.localcluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A multi-document YAML stream (a file, or helm template's output) as the documents' own text, untouched, plus what
 * the suite needs to route each one (apiVersion, kind, name, namespace). Reading refuses duplicate keys: kubectl
 * decodes the YAML before sending the object (the last of two equal keys wins) and, when the server supports field
 * validation, skips its own duplicate-key check (kubectl pkg/validation paramVerifyingSchema), so the server's
 * strict validation never sees a duplicate.
 */
final class YamlDocuments {

    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*(#.*)?$");

    /** One document of a stream: where it came from, its text, and its parsed top level. */
    record Doc(String source, int index, String text, Map<String, Object> object) {

        String apiVersion() {
            return String.valueOf(object.get("apiVersion"));
        }

        String kind() {
            return String.valueOf(object.get("kind"));
        }

        /** The API group ("" for the core group). */
        String group() {
            String v = apiVersion();
            return v.contains("/") ? v.substring(0, v.indexOf('/')) : "";
        }

        String name() {
            return metadata().get("name") == null ? "?" : String.valueOf(metadata().get("name"));
        }

        String namespace() {
            Object ns = metadata().get("namespace");
            return ns == null ? null : String.valueOf(ns);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> metadata() {
            return object.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        String describe() {
            return kind() + "/" + name() + " (" + apiVersion() + ", document " + index + " of " + source + ")";
        }
    }

    private YamlDocuments() {
    }

    /** The non-empty documents of a stream; fails naming the document on a duplicate key or a YAML error. */
    static List<Doc> split(String source, String stream) {
        List<Doc> docs = new ArrayList<>();
        int index = 0;
        for (String text : SEPARATOR.split(stream)) {
            index++;
            Object parsed;
            try {
                parsed = strictYaml().load(text);
            } catch (RuntimeException e) {
                throw new AssertionError("document " + index + " of " + source + " is not valid YAML without duplicate "
                        + "keys: " + e.getMessage() + "\n" + text, e);
            }
            if (parsed == null) {
                continue; // only comments (helm's "# Source:" of an empty template) or blank
            }
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new AssertionError("document " + index + " of " + source + " is not a mapping:\n" + text);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            docs.add(new Doc(source, index, text.strip() + "\n", object));
        }
        return docs;
    }

    private static Yaml strictYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    /**
     * The document moved into {@code namespace}: its metadata.namespace line rewritten in place (every other byte
     * as written), so a manifest pinned to the release's namespace is validated in the throwaway one.
     */
    static String inNamespace(Doc doc, String namespace) {
        if (doc.namespace() == null || doc.namespace().equals(namespace)) {
            return doc.text();
        }
        String[] lines = doc.text().split("\n", -1);
        String indent = null;
        boolean inMetadata = false;
        boolean rewritten = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("metadata:")) {
                inMetadata = true;
                continue;
            }
            if (!inMetadata || line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                break; // the next top-level key: metadata is over
            }
            if (indent == null) {
                indent = line.substring(0, line.length() - line.stripLeading().length());
            }
            if (line.startsWith(indent + "namespace:")) {
                String comment = line.contains(" #") ? line.substring(line.indexOf(" #")) : "";
                lines[i] = indent + "namespace: " + namespace + comment;
                rewritten = true;
            }
        }
        String moved = String.join("\n", lines);
        if (!rewritten || !namespace.equals(split(doc.source(), moved).get(0).namespace())) {
            throw new AssertionError("cannot move " + doc.describe() + " into namespace " + namespace
                    + " (metadata not in block style?):\n" + doc.text());
        }
        return moved;
    }
}
