package dev.todo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process's CPU time including its exited children's, from {@code /proc/<pid>/stat} (proc(5): utime, stime,
 * cutime, cstime). {@link ProcessHandle.Info#totalCpuDuration()} has only the process's own.
 */
final class ProcStat {

    /** Linux reports these fields in USER_HZ, 100 on every architecture this runs on ({@code getconf CLK_TCK}). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStat() {
    }

    /** Zero when the process is gone or the file cannot be read (not Linux). */
    static Duration withReapedChildren(long pid) {
        try {
            return withReapedChildren(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return Duration.ZERO;
        }
    }

    static Duration withReapedChildren(String stat) {
        // the command name in parentheses may hold spaces and parentheses: fields are counted after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so utime (14), stime, cutime, cstime are fields[11..14]
        long ticks = 0;
        for (int i = 11; i <= 14; i++) {
            ticks += Long.parseLong(fields[i]);
        }
        return Duration.ofNanos(ticks * NANOS_PER_TICK);
    }
}
