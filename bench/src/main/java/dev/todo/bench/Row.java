package dev.todo.bench;

/** One line of the results table: what was measured, the figure, the target, and whether it is met. */
record Row(String section, String metric, String value, String target, Boolean met) {

    static Row info(String section, String metric, String value) {
        return new Row(section, metric, value, "", null);
    }

    String verdict() {
        return met == null ? "" : met ? "met" : "MISSED";
    }
}
