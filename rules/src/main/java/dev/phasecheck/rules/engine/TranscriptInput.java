package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.read.Readers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * One transcript to lint: a file, a stream such as standard input, or a path found while walking
 * a directory that could not be read ({@code problem}; it is reported as unreadable, and the walk
 * goes on).
 */
public record TranscriptInput(Path path, InputStream stream, String displayName, String problem) {

    public static TranscriptInput of(Path path, String displayName) {
        return new TranscriptInput(path, null, displayName, null);
    }

    public static TranscriptInput of(InputStream stream, String displayName) {
        return new TranscriptInput(null, stream, displayName, null);
    }

    /** A path that could not be read while walking a directory. */
    public static TranscriptInput unreadable(String displayName, String problem) {
        return new TranscriptInput(null, null, displayName, problem);
    }

    /**
     * Expands command-line paths: a file as is, a directory recursively (files with a transcript
     * extension, and any other file whose content is a recording — a vcrpy, VCR or go-vcr cassette
     * or an httprr trace — in sorted order), {@code -} as standard input. A file or folder inside a directory
     * that cannot be read becomes an unreadable input; the walk goes on.
     *
     * @throws ConfigException when a named path does not exist or cannot be read
     */
    public static List<TranscriptInput> expand(List<String> args, InputStream stdin) throws ConfigException {
        List<TranscriptInput> out = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("-")) {
                out.add(of(stdin, "-"));
                continue;
            }
            Path p = Path.of(arg);
            if (!Files.exists(p)) throw new ConfigException(arg + ": no such file or directory");
            if (!Files.isReadable(p)) throw new ConfigException(arg + ": cannot be read (permission denied)");
            if (Files.isDirectory(p)) {
                String base = arg.endsWith("/") && arg.length() > 1 ? arg.substring(0, arg.length() - 1) : arg;
                try {
                    out.addAll(walk(p, base));
                } catch (IOException e) {
                    throw new ConfigException(arg + ": cannot be read: " + Readers.describeIo(e));
                }
            } else {
                out.add(of(p, arg));
            }
        }
        return out;
    }

    /** The transcripts under a directory, in sorted order; what cannot be read is kept as unreadable. */
    static List<TranscriptInput> walk(Path root, String base) throws IOException {
        java.util.TreeMap<Path, TranscriptInput> found = new java.util.TreeMap<>(); // in path order, as Files.walk sorted
        Files.walkFileTree(root, new Walker(root, base, found));
        return new ArrayList<>(found.values());
    }

    /** Collects transcripts; a file or folder that cannot be read is kept as an unreadable input. */
    static final class Walker extends SimpleFileVisitor<Path> {
        private final Path root;
        private final String base;
        private final java.util.Map<Path, TranscriptInput> found;

        Walker(Path root, String base, java.util.Map<Path, TranscriptInput> found) {
            this.root = root;
            this.base = base;
            this.found = found;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && (Readers.formatOf(f.getFileName().toString()) != null || Readers.isRecording(f))) {
                found.put(f, of(f, name(root, f, base)));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
            found.put(f, unreadable(name(root, f, base), "cannot be read: " + Readers.describeIo(e)
                    + "; it was skipped and nothing in it was checked"));
            return FileVisitResult.CONTINUE;
        }
    }

    private static String name(Path root, Path f, String base) {
        if (f.equals(root)) return base;
        String rel = root.relativize(f).toString().replace('\\', '/');
        return base.equals(".") ? rel : base + "/" + rel;
    }
}
