package dev.todo.verifier.report;

import java.util.List;
import java.util.stream.Collectors;

/** All findings of one verification run, printable for a person reading a pipeline log. */
public record Report(List<Finding> findings) {

    public boolean passed() {
        return !findings.isEmpty() && findings.stream().allMatch(Finding::passed);
    }

    public List<Finding> failures() {
        return findings.stream().filter(f -> !f.passed()).toList();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        var byCheck = findings.stream().collect(Collectors.groupingBy(Finding::check,
                java.util.LinkedHashMap::new, Collectors.toList()));
        byCheck.forEach((check, list) -> {
            out.append(check).append('\n');
            for (Finding f : list) {
                out.append(f.passed() ? "  [ OK ] " : "  [FAIL] ").append(f.subject()).append(": ").append(f.detail()).append('\n');
            }
        });
        long failed = failures().size();
        out.append(passed()
                ? "RESULT: PASSED (" + findings.size() + " checks)"
                : "RESULT: FAILED (" + failed + " of " + findings.size() + " checks failed)").append('\n');
        return out.toString();
    }
}
