package dev.phasecheck.junit.engine;

import dev.phasecheck.rules.read.Readers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Where transcripts are on disk and on the classpath: each found file's absolute path and its name. */
final class Transcripts {
    private Transcripts() {}

    /** A file's absolute, normalized path (the key transcripts are told apart by). */
    static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** The transcripts under a directory (named relative to it), or the file itself; nothing when it does not exist. */
    static Map<Path, String> walk(Path dir) {
        Map<Path, String> found = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            if (Files.isRegularFile(dir)) found.put(absolute(dir), dir.toString());
            return found;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).filter(f -> Readers.formatOf(f.getFileName().toString()) != null).sorted()
                    .forEach(f -> found.putIfAbsent(absolute(f), dir.relativize(f).toString().replace('\\', '/')));
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException(new IOException("phasecheck: cannot read " + dir + ": " + e.getMessage(), e));
        }
        return found;
    }

    /** Every file-system copy of a classpath folder (test-classes, resources directories). */
    static List<Path> folders(ClassLoader cl, String name) {
        List<Path> out = new ArrayList<>();
        try {
            var urls = (cl == null ? ClassLoader.getSystemClassLoader() : cl).getResources(name);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) out.add(Path.of(url.toURI()));
            }
        } catch (IOException | URISyntaxException e) {
            throw new UncheckedIOException(new IOException("phasecheck: cannot list classpath folder " + name, e));
        }
        return out;
    }

    /** The transcripts under every copy of a classpath folder. */
    static Map<Path, String> folder(ClassLoader cl, String name) {
        Map<Path, String> found = new LinkedHashMap<>();
        for (Path p : folders(cl, name)) walk(p).forEach(found::putIfAbsent);
        return found;
    }

    /** A classpath resource on the file system, or null (in a jar, or not there). */
    static Path resourceFile(String name) {
        URL url = url(name);
        if (url == null || !"file".equals(url.getProtocol())) return null;
        try {
            return absolute(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** True when the classpath has this resource. */
    static boolean hasResource(String name) {
        return url(name) != null;
    }

    /** A classpath resource copied out to a temporary file (it is in a jar), or null. */
    static Path resourceCopy(String name) {
        URL url = url(name);
        if (url == null) return null;
        try {
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : ".jsonl";
            Path tmp = Files.createTempFile("phasecheck-", ext);
            tmp.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException e) {
            return null;
        }
    }

    private static URL url(String name) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl == null ? null : cl.getResource(name.startsWith("/") ? name.substring(1) : name);
    }

    /** The name of a file relative to the first of these folders it is under, or null. */
    static String relativeName(Path file, List<Path> folders) {
        for (Path f : folders) {
            Path dir = absolute(f);
            if (file.startsWith(dir) && !file.equals(dir)) return dir.relativize(file).toString().replace('\\', '/');
        }
        return null;
    }
}
