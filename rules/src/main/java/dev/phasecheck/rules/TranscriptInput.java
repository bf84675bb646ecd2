package dev.phasecheck.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import dev.phasecheck.rules.read.Readers;

/** One transcript to lint: a file, or a JSONL stream such as standard input. */
public record TranscriptInput(Path path, InputStream stream, String displayName) {

    public static TranscriptInput of(Path path, String displayName) {
        return new TranscriptInput(path, null, displayName);
    }

    public static TranscriptInput of(InputStream stream, String displayName) {
        return new TranscriptInput(null, stream, displayName);
    }

    /**
     * Expands command-line paths: a file as is, a directory recursively (files with a transcript
     * extension, and any other file whose content is a recording — a vcrpy, VCR or go-vcr cassette
     * or an httprr trace — in sorted order), {@code -} as standard input.
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
                try (Stream<Path> walk = Files.walk(p)) {
                    List<Path> files = walk.filter(Files::isRegularFile)
                            .filter(f -> Readers.formatOf(f.getFileName().toString()) != null || Readers.isRecording(f))
                            .sorted().toList();
                    for (Path f : files) {
                        String rel = p.relativize(f).toString().replace('\\', '/');
                        String base = arg.endsWith("/") ? arg.substring(0, arg.length() - 1) : arg;
                        out.add(of(f, base.equals(".") ? rel : base + "/" + rel));
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw new ConfigException(arg + ": cannot be read: " + e.getMessage());
                }
            } else {
                out.add(of(p, arg));
            }
        }
        return out;
    }
}
