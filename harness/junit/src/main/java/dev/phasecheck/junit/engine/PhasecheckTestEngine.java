package dev.phasecheck.junit.engine;

import dev.phasecheck.junit.Conformance;
import dev.phasecheck.junit.PhaseConformanceError;
import dev.phasecheck.rules.api.FileSummary;
import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.engine.Linter;
import dev.phasecheck.rules.api.RuleInfo;
import dev.phasecheck.rules.engine.Rules;
import dev.phasecheck.rules.engine.TranscriptInput;
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
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import dev.phasecheck.junit.PhaseTranscripts;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;

/**
 * The {@code phasecheck} test engine: each transcript is a container, and each rule that is on
 * is a test of it, failing with the rule's findings at or above the failing severity. Runs from
 * Surefire or any JUnit Platform launcher with no Java code in the user's project.
 *
 * <p>Transcripts are found by file, directory and classpath-resource selectors, under the
 * {@code transcripts/} folder of each classpath root (so {@code src/test/resources/transcripts/}
 * just works), and in the directory named by the configuration parameter
 * {@code phasecheck.transcripts.dir}. Configuration parameters: {@code phasecheck.failOn}
 * (error, warning, info, never), {@code phasecheck.config} (a phasecheck.yaml),
 * {@code phasecheck.phaseModels} (comma-separated globs), {@code phasecheck.baseline} (a baseline
 * file: the findings it records do not fail), {@code phasecheck.transcripts.resources}
 * (the classpath folder, default {@code transcripts}).
 */
public final class PhasecheckTestEngine implements TestEngine {
    public static final String ID = "phasecheck";

    /** A lint that already happened (the CLI's), or null to lint what is discovered. */
    private final LintResult given;
    private final Conformance givenConformance;

    /** Used by the service loader: discovers and lints transcripts itself. */
    public PhasecheckTestEngine() {
        this(null, null);
    }

    /** Reports a lint that already happened (the CLI's {@code -f junit}). */
    public PhasecheckTestEngine(LintResult result, Conformance conformance) {
        this.given = result;
        this.givenConformance = conformance;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.phasecheck");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("phasecheck-junit");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineDescriptor engine = new EngineDescriptor(uniqueId, "phasecheck");
        Conformance conformance = conformance(request.getConfigurationParameters());
        List<String> rules = enabledRules(conformance);
        if (given != null) {
            for (FileSummary f : given.files()) add(engine, f.file(), null, source(f.file()), rules);
            return engine;
        }
        Map<Path, String> found = new LinkedHashMap<>();
        Map<Path, Class<?>> viaClass = new java.util.HashMap<>(); // transcripts a @PhaseTranscripts class brought in
        for (FileSelector s : request.getSelectorsByType(FileSelector.class)) found.putIfAbsent(s.getPath().toAbsolutePath().normalize(), s.getRawPath());
        for (DirectorySelector s : request.getSelectorsByType(DirectorySelector.class)) walk(s.getPath(), found);
        String folder = request.getConfigurationParameters().get("phasecheck.transcripts.resources").orElse("transcripts");
        // the configuration parameter's directory is read when the engine itself, a classpath root,
        // or a @PhaseTranscripts class is selected; not for every other class Surefire launches
        boolean broad = !request.getSelectorsByType(ClasspathRootSelector.class).isEmpty()
                || request.getSelectorsByType(UniqueIdSelector.class).stream()
                        .anyMatch(u -> u.getUniqueId().toString().startsWith(uniqueId.toString()));
        for (ClassSelector s : request.getSelectorsByType(ClassSelector.class)) {
            PhaseTranscripts marker;
            try {
                marker = s.getJavaClass().getAnnotation(PhaseTranscripts.class);
            } catch (RuntimeException | LinkageError e) {
                continue; // a class that cannot be loaded is the Jupiter engine's to report
            }
            if (marker == null) continue;
            broad = true;
            ClassLoader cl = s.getJavaClass().getClassLoader();
            Map<Path, String> mine = new LinkedHashMap<>();
            for (String f : marker.value()) folder(cl, f, mine);
            for (String d : marker.dirs()) walk(Path.of(d), mine);
            request.getConfigurationParameters().get("phasecheck.transcripts.dir").ifPresent(d -> walk(Path.of(d), mine));
            for (Map.Entry<Path, String> e : mine.entrySet()) {
                if (found.putIfAbsent(e.getKey(), e.getValue()) == null) viaClass.put(e.getKey(), s.getJavaClass());
            }
        }
        if (broad) request.getConfigurationParameters().get("phasecheck.transcripts.dir").ifPresent(d -> walk(Path.of(d), found));
        for (ClasspathRootSelector s : request.getSelectorsByType(ClasspathRootSelector.class)) {
            try {
                Path root = Path.of(s.getClasspathRoot());
                if (Files.isDirectory(root.resolve(folder))) walk(root.resolve(folder), found);
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                // a jar on the classpath: no transcripts folder to walk
            }
        }
        for (ClasspathResourceSelector s : request.getSelectorsByType(ClasspathResourceSelector.class)) {
            Path p = resource(s.getClasspathResourceName());
            if (p != null) found.putIfAbsent(p, s.getClasspathResourceName());
        }
        for (Map.Entry<Path, String> e : found.entrySet()) {
            // found through a class: that class is the source (Surefire reports a test set per class-sourced container)
            Class<?> c = viaClass.get(e.getKey());
            TestSource source = c != null ? ClassSource.from(c) : FileSource.from(e.getKey().toFile());
            add(engine, e.getValue(), e.getKey(), source, rules);
        }
        return engine;
    }

    private static TestSource source(String file) {
        Path p = Path.of(file);
        return Files.isRegularFile(p) ? FileSource.from(p.toFile()) : ClasspathResourceSource.from(file);
    }

    private static void add(EngineDescriptor engine, String name, Path path, TestSource source, List<String> rules) {
        TranscriptDescriptor t = new TranscriptDescriptor(engine.getUniqueId().append("transcript", name), name, path, source);
        TestSource testSource = path != null ? FileSource.from(path.toFile()) : source;
        for (String rule : rules) t.addChild(new RuleDescriptor(t.getUniqueId().append("rule", rule), rule, name, testSource));
        engine.addChild(t);
    }

    private static void walk(Path dir, Map<Path, String> found) {
        if (!Files.isDirectory(dir)) {
            if (Files.isRegularFile(dir)) found.putIfAbsent(dir.toAbsolutePath().normalize(), dir.toString());
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).filter(f -> Readers.formatOf(f.getFileName().toString()) != null).sorted()
                    .forEach(f -> found.putIfAbsent(f.toAbsolutePath().normalize(), dir.relativize(f).toString().replace('\\', '/')));
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException(new IOException("phasecheck: cannot read " + dir + ": " + e.getMessage(), e));
        }
    }

    /** Every file-system copy of a classpath folder (test-classes, resources directories). */
    private static void folder(ClassLoader cl, String name, Map<Path, String> found) {
        try {
            var urls = (cl == null ? ClassLoader.getSystemClassLoader() : cl).getResources(name);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) walk(Path.of(url.toURI()), found);
            }
        } catch (IOException | URISyntaxException e) {
            throw new UncheckedIOException(new IOException("phasecheck: cannot list classpath folder " + name, e));
        }
    }

    /** A classpath resource as a file (copied out of a jar when it has to be). */
    private static Path resource(String name) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        URL url = cl == null ? null : cl.getResource(name.startsWith("/") ? name.substring(1) : name);
        if (url == null) return null;
        try {
            if ("file".equals(url.getProtocol())) return Path.of(url.toURI()).toAbsolutePath().normalize();
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : ".jsonl";
            Path tmp = Files.createTempFile("phasecheck-", ext);
            tmp.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException | URISyntaxException e) {
            return null;
        }
    }

    private Conformance conformance(ConfigurationParameters params) {
        if (givenConformance != null) return givenConformance;
        try {
            return new Conformance(Conformance.parseFailOn(params.get("phasecheck.failOn").orElse("error")), List.of(),
                    params.get("phasecheck.phaseModels").map(v -> List.of(v.split("\\s*,\\s*"))).orElse(List.of()),
                    params.get("phasecheck.config").map(Path::of).orElse(null),
                    params.get("phasecheck.baseline").map(Path::of).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("phasecheck engine: " + e.getMessage(), e);
        }
    }

    private static List<String> enabledRules(Conformance conformance) {
        var config = conformance.config();
        List<String> ids = new ArrayList<>();
        for (RuleInfo r : Rules.all()) {
            if (config.severityOf(r).isPresent()) ids.add(r.id());
        }
        return ids;
    }

    @Override
    public void execute(ExecutionRequest request) {
        EngineExecutionListener listener = request.getEngineExecutionListener();
        TestDescriptor engine = request.getRootTestDescriptor();
        listener.executionStarted(engine);
        Conformance conformance;
        try {
            conformance = conformance(request.getConfigurationParameters());
        } catch (IllegalArgumentException e) {
            listener.executionFinished(engine, TestExecutionResult.failed(e));
            return;
        }
        Linter linter = new Linter(conformance.config());
        for (TestDescriptor child : engine.getChildren()) {
            TranscriptDescriptor t = (TranscriptDescriptor) child;
            listener.executionStarted(t);
            LintResult result;
            try {
                result = given != null ? only(given, t.name) : linter.lint(TranscriptInput.of(t.path, t.name));
            } catch (RuntimeException e) {
                listener.executionFinished(t, TestExecutionResult.failed(e));
                continue;
            }
            for (TestDescriptor test : t.getChildren()) {
                RuleDescriptor r = (RuleDescriptor) test;
                listener.executionStarted(r);
                List<Finding> failing = conformance.failing(result.findings().stream()
                        .filter(f -> f.rule().equals(r.rule)).toList());
                listener.executionFinished(r, failing.isEmpty() ? TestExecutionResult.successful()
                        : TestExecutionResult.failed(new PhaseConformanceError(failing.size() + " " + r.rule + " finding"
                        + (failing.size() == 1 ? "" : "s") + " in " + t.name + ":\n" + Conformance.report(result, failing), failing)));
            }
            listener.executionFinished(t, TestExecutionResult.successful());
        }
        listener.executionFinished(engine, TestExecutionResult.successful());
    }

    private static LintResult only(LintResult all, String file) {
        return new LintResult(all.files().stream().filter(f -> f.file().equals(file)).toList(),
                all.findings().stream().filter(f -> file.equals(f.file())).toList());
    }
}
