package dev.phasecheck.bench;

import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full pass over the same transcript file: phasecheck's lint with {@code jobs} threads, and a
 * bare single-threaded Jackson streaming parse of the same bytes; and the lint of a directory of
 * transcripts with {@code jobs} threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LintBenchmark {
    @Param("")
    public String file;

    private Path path;

    @Setup
    public void setup() {
        path = Path.of(file);
    }

    /** The jobs a lint runs with (a state of its own, so the bare parse is not repeated per value). */
    @State(Scope.Benchmark)
    public static class Jobs {
        @Param("1")
        public int jobs;
    }

    /** The directory a lint of many files reads ("" to skip it). */
    @State(Scope.Benchmark)
    public static class Directory {
        @Param("")
        public String dir;
    }

    @Benchmark
    public LintResult lint(Jobs jobs) {
        return Workloads.lint(new Linter(), path, jobs.jobs);
    }

    @Benchmark
    public LintResult lintDirectory(Directory dir, Jobs jobs) throws Exception {
        if (dir.dir.isEmpty()) return null;
        return Workloads.lintAll(new Linter(), Path.of(dir.dir), jobs.jobs);
    }

    @Benchmark
    public long bareParse() throws IOException {
        return Workloads.bareParse(path);
    }
}
