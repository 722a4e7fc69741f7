package dev.todo.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JVM options a service starts with (before class-data sharing and {@code -jar}): a small, bounded footprint
 * on a shared two-core host, plus what the developer adds for a run, for example
 * {@code TODO_JVM_EXTRA_OPTIONS=-XX:NativeMemoryTracking=summary} for every service or
 * {@code TODO_API_JVM_EXTRA_OPTIONS=-Xlog:gc*:file=/tmp/gc.log} for one (the app id upper-cased, {@code -} as
 * {@code _}). Extra options come last, so they override the defaults.
 */
public final class ServiceJvmOptions {

    /** Extra options for every service, separated by white space. */
    public static final String EXTRA = "TODO_JVM_EXTRA_OPTIONS";

    private ServiceJvmOptions() {
    }

    static List<String> of(ServiceSpec service, Path runDir, Map<String, String> environment, boolean canTrimNativeHeap) {
        // 128 MB of heap holds a service's working set (45-50 MB live after a full GC under the benchmark's load,
        // the list phase over a million tasks included) with young pauses of a few ms; Serial GC suits a small heap
        // on a shared two-core host. 192 MB only let the old generation fill with garbage, which RSS then kept.
        List<String> options = new ArrayList<>(List.of("-Xms64m", "-Xmx128m", "-XX:+UseSerialGC"));
        // Caps on what lives outside the heap (-XX:NativeMemoryTracking=summary under the benchmark, issue 12): they
        // are above what a service uses (todo-api: JIT code ~40 MB, class metadata ~115 MB without the CDS
        // archive), so they cost nothing, and a leak stops the process instead of growing unnoticed.
        options.addAll(List.of("-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=160m",
                "-XX:MaxDirectMemorySize=32m"));
        // C1 only: C2's compiler threads, their arenas and its larger code took todo-api's peak RSS from ~325 to
        // ~405 MB under the benchmark, and C2 compiling on two shared cores cost about what its faster code saved
        // (CPU per create 1.56 vs 1.57-1.66 ms at 32 connections, bench/results/2026-11-27-issue-12.md, eighth session).
        options.add("-XX:TieredStopAtLevel=1");
        // gRPC to the sidecar carries a few KB a call: one pooled arena (4 MB chunks) instead of one per event loop
        options.addAll(List.of("-Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1",
                "-Dio.grpc.netty.shaded.io.netty.allocator.numHeapArenas=1"));
        options.add("-Dspring.output.ansi.enabled=never");
        // The JVM's own warnings (CDS prints some at exit) go to a file beside the app's log, which stays JSON lines.
        options.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:file="
                + runDir.resolve("logs/" + service.appId() + ".jvm.log") + ":uptime,level,tags"));
        if (canTrimNativeHeap) {
            // glibc keeps what C2 and the network buffers freed; hand it back every 5 s (measured: 20-50 MB)
            options.add("-XX:TrimNativeHeapInterval=5000");
        }
        options.addAll(split(environment.get(EXTRA)));
        options.addAll(split(environment.get(serviceVariable(service))));
        return options;
    }

    /** Extra options for one service only, e.g. {@code TODO_API_JVM_EXTRA_OPTIONS}. */
    public static String serviceVariable(ServiceSpec service) {
        return service.appId().toUpperCase(Locale.ROOT).replace('-', '_') + "_JVM_EXTRA_OPTIONS";
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.asList(value.trim().split("\\s+"));
    }
}
