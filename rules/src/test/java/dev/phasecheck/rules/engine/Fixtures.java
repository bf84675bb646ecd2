package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.Finding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the repository's fixtures and reads their expected-findings sidecars. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        String prop = System.getProperty("phasecheck.fixtures");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "fixtures");
        if (!Files.isDirectory(p)) throw new IllegalStateException("fixtures not found at " + p.toAbsolutePath());
        return p;
    }

    static Path rules() {
        return root().resolve("rules");
    }

    /** Transcript fixture files of a rule directory (sidecars excluded), sorted. */
    static List<Path> transcripts(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> !f.getFileName().toString().endsWith(".expected")).sorted().toList();
        }
    }

    static Path sidecar(Path fixture) {
        return fixture.resolveSibling(fixture.getFileName() + ".expected");
    }

    /**
     * The sidecar's rows: {@code rule severity index line pointer}, {@code -} for none and
     * {@code ""} for the empty pointer; {@code #} starts a comment.
     */
    static List<String> expected(Path fixture) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(sidecar(fixture))) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            rows.add(String.join(" ", t.split("\\s+")));
        }
        return rows;
    }

    /** A finding in the sidecar's row form. */
    static String row(Finding f) {
        String row = f.rule() + " " + f.severity().id() + " " + (f.index() == null ? "-" : f.index()) + " "
                + (f.line() == null ? "-" : f.line()) + " "
                + (f.pointer() == null ? "-" : f.pointer().isEmpty() ? "\"\"" : f.pointer());
        if (f.repeats().isEmpty()) return row;
        // one finding per fault: the later requests that repeat it, as index:pointer
        StringBuilder sb = new StringBuilder(row).append(" repeats=");
        for (int i = 0; i < f.repeats().size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(f.repeats().get(i).index()).append(':').append(f.repeats().get(i).pointer());
        }
        return sb.toString();
    }
}
