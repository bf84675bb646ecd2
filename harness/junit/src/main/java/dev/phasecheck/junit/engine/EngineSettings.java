package dev.phasecheck.junit.engine;

import dev.phasecheck.junit.Conformance;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.RuleInfo;
import dev.phasecheck.rules.engine.Rules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * The engine's configuration parameters, read once per discovery or execution.
 *
 * @param conformance what the transcripts are judged by ({@code phasecheck.failOn}, {@code phasecheck.config},
 *                    {@code phasecheck.phaseModels})
 * @param rules       the rules that are on: one test each per transcript
 * @param folder      the classpath folder of transcripts ({@code phasecheck.transcripts.resources}, default {@code transcripts})
 * @param dir         the directory of {@code phasecheck.transcripts.dir}, if set
 */
record EngineSettings(Conformance conformance, List<String> rules, String folder, Optional<Path> dir) {
    static final String FAIL_ON = "phasecheck.failOn";
    static final String CONFIG = "phasecheck.config";
    static final String PHASE_MODELS = "phasecheck.phaseModels";
    static final String RESOURCES = "phasecheck.transcripts.resources";
    static final String DIR = "phasecheck.transcripts.dir";

    /** @throws IllegalArgumentException for a bad fail-on value, config file or rule id, naming the engine */
    static EngineSettings of(ConfigurationParameters params) {
        Conformance conformance = conformance(params);
        return new EngineSettings(conformance, enabledRules(conformance), params.get(RESOURCES).orElse("transcripts"),
                params.get(DIR).map(Path::of));
    }

    /** Just what the transcripts are judged by (what execution needs). */
    static Conformance conformance(ConfigurationParameters params) {
        Conformance conformance;
        try {
            conformance = new Conformance(Conformance.parseFailOn(params.get(FAIL_ON).orElse("error")), List.of(),
                    params.get(PHASE_MODELS).map(v -> List.of(v.split("\\s*,\\s*"))).orElse(List.of()),
                    params.get(CONFIG).map(Path::of).orElse(null),
                    params.get("phasecheck.baseline").map(Path::of).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("phasecheck engine: " + e.getMessage(), e);
        }
        return conformance;
    }

    private static List<String> enabledRules(Conformance conformance) {
        var config = conformance.config();
        List<String> ids = new ArrayList<>();
        for (RuleInfo r : Rules.all()) {
            // phasecheck's own failures always have a test: what could not be checked never passes
            if (config.severityOf(r).isPresent() || r.id().equals(LintResult.INTERNAL_ERROR)) ids.add(r.id());
        }
        return ids;
    }
}
