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

/** One full pass over the same transcript file: phasecheck's lint, and a bare Jackson streaming parse. */
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

    @Benchmark
    public LintResult lint() {
        return Workloads.lint(new Linter(), path);
    }

    @Benchmark
    public long bareParse() throws IOException {
        return Workloads.bareParse(path);
    }
}
