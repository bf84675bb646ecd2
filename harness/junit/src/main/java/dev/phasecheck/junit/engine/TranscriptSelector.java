package dev.phasecheck.junit.engine;

import dev.phasecheck.junit.PhaseTranscripts;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.platform.engine.DiscoverySelector;

/**
 * One transcript found by discovery (the engine's own selector, never given by a launcher).
 *
 * <p>Its unique-id segment {@code [transcript:…]} says where it is, so that selecting the unique id
 * later (an IDE's or Surefire's rerun) finds it again: the absolute path of a file, or
 * {@code classpath:NAME} for a resource inside a jar; prefixed with {@code CLASS#} when a
 * {@link PhaseTranscripts} class brought it in (that class is then its source).
 *
 * @param location the absolute path, or {@code classpath:NAME}
 * @param path     the file, or null for a resource inside a jar (copied out when it is resolved)
 * @param name     the name the transcript is shown and its findings are named by
 * @param via      the {@link PhaseTranscripts} class it was found through, or null
 */
record TranscriptSelector(String location, Path path, String name, Class<?> via) implements DiscoverySelector {
    private static final String CLASSPATH = "classpath:";
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");

    /** A file. */
    static TranscriptSelector file(Path absolute, String name, Class<?> via) {
        return new TranscriptSelector(absolute.toString(), absolute, name, via);
    }

    /** A classpath resource that is not a file (inside a jar). */
    static TranscriptSelector resource(String name) {
        return new TranscriptSelector(CLASSPATH + name, null, name, null);
    }

    /** The value of the transcript's unique-id segment. */
    String uniqueIdValue() {
        return via == null ? location : via.getName() + "#" + location;
    }

    /** The resource name of a {@code classpath:} location, else null. */
    String resourceName() {
        return path == null && location.startsWith(CLASSPATH) ? location.substring(CLASSPATH.length()) : null;
    }

    /**
     * The transcript a unique-id segment value names, or null. Its name is found again from where
     * discovery looks (the class's folders, the configured directory, the classpath folder of
     * transcripts); a file found elsewhere is named by its absolute path.
     */
    static TranscriptSelector fromUniqueIdValue(String value, EngineSettings settings) {
        Class<?> via = null;
        String location = value;
        int hash = value.indexOf('#');
        if (hash > 0 && CLASS_NAME.matcher(value.substring(0, hash)).matches()) {
            via = load(value.substring(0, hash));
            if (via == null || via.getAnnotation(PhaseTranscripts.class) == null) return null;
            location = value.substring(hash + 1);
        }
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            return via == null && Transcripts.hasResource(resource) ? resource(resource) : null;
        }
        Path path;
        try {
            path = Path.of(location);
        } catch (InvalidPathException e) {
            return null;
        }
        if (!path.isAbsolute()) return null;
        path = Transcripts.absolute(path);
        String name = Transcripts.relativeName(path, roots(via, settings));
        return file(path, name != null ? name : path.toString(), via);
    }

    /** The folders discovery names transcripts relative to, for a class or for the engine. */
    private static List<Path> roots(Class<?> via, EngineSettings settings) {
        List<Path> roots = new ArrayList<>();
        if (via != null) {
            PhaseTranscripts marker = via.getAnnotation(PhaseTranscripts.class);
            for (String f : marker.value()) roots.addAll(Transcripts.folders(via.getClassLoader(), f));
            for (String d : marker.dirs()) roots.add(Path.of(d));
            settings.dir().ifPresent(roots::add);
        } else {
            settings.dir().ifPresent(roots::add);
            roots.addAll(Transcripts.folders(Thread.currentThread().getContextClassLoader(), settings.folder()));
        }
        return roots;
    }

    private static Class<?> load(String name) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, false, cl != null ? cl : TranscriptSelector.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
