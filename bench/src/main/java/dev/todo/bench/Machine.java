package dev.todo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on, written next to them. */
final class Machine {

    private Machine() {
    }

    static String describe(String jdbcUrl, String user, String password) {
        StringBuilder s = new StringBuilder();
        s.append("- CPU: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores available to the JVM\n");
        s.append("- memory: ").append(memTotal()).append('\n');
        s.append("- OS: ").append(osRelease()).append(", kernel ").append(System.getProperty("os.version")).append('\n');
        s.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append('\n');
        s.append("- PostgreSQL: ").append(postgres(jdbcUrl, user, password)).append('\n');
        s.append("- load tool: ").append(command("wrk", "--version").lines().findFirst().orElse("wrk")).append('\n');
        s.append("- load average at the start (1/5/15 min): ").append(loadAverage())
                .append(" — the machine is shared with other builds and tests; see the notes\n");
        s.append("- commit: ").append(command("git", "rev-parse", "--short", "HEAD").strip()).append('\n');
        return s.toString();
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> (Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024) + " GiB")
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String osRelease() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .findFirst().map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).orElse("Linux");
        } catch (IOException e) {
            return "Linux";
        }
    }

    private static String postgres(String jdbcUrl, String user, String password) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select version()")) {
            rs.next();
            return rs.getString(1).replaceAll(",.*", "") + " (the local stack's embedded server)";
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
