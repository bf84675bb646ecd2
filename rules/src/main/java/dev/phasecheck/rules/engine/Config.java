package dev.phasecheck.rules.engine;

import dev.phasecheck.rules.api.PhaseModels;
import dev.phasecheck.rules.api.RuleInfo;
import dev.phasecheck.rules.api.Severity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What a run is configured with: per-rule severity or {@code off}, and extra phase-model patterns.
 * Immutable. The file form ({@code phasecheck.yaml}):
 *
 * <pre>
 * rules:
 *   phase-invented: off
 *   history-gap: error
 * phase-models:
 *   - "gpt-5.6*"
 * </pre>
 */
public final class Config {
    private static final String INTERNAL_ERROR = "internal-error";
    private final Map<String, Optional<Severity>> ruleOverrides;
    private final List<String> phaseModelPatterns;
    private final PhaseModels phaseModels;
    private final boolean everyOccurrence;

    private Config(Map<String, Optional<Severity>> overrides, List<String> patterns, boolean everyOccurrence) {
        this.ruleOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        this.phaseModelPatterns = List.copyOf(patterns);
        this.phaseModels = new PhaseModels(patterns);
        this.everyOccurrence = everyOccurrence;
    }

    public static Config defaults() {
        return new Config(Map.of(), List.of(), false);
    }

    /**
     * True when every occurrence of a replay fault is its own finding; by default a fault is
     * reported once, at its first request, with the later requests that repeat it as its repeats.
     */
    public boolean everyOccurrence() {
        return everyOccurrence;
    }

    /** Reports each occurrence of a replay fault as a finding of its own ({@code --every-occurrence}). */
    public Config withEveryOccurrence(boolean every) {
        return new Config(ruleOverrides, phaseModelPatterns, every);
    }

    /** Rule id → severity, or empty for {@code off}. */
    public Map<String, Optional<Severity>> ruleOverrides() {
        return ruleOverrides;
    }

    public List<String> phaseModelPatterns() {
        return phaseModelPatterns;
    }

    public PhaseModels phaseModels() {
        return phaseModels;
    }

    /** The effective severity of a rule, or empty when it is off. */
    public Optional<Severity> severityOf(RuleInfo rule) {
        Optional<Severity> o = ruleOverrides.get(rule.id());
        return o != null ? o : Optional.of(rule.defaultSeverity());
    }

    public Config withPhaseModels(List<String> patterns) {
        List<String> all = new ArrayList<>(phaseModelPatterns);
        all.addAll(patterns);
        return new Config(ruleOverrides, all, everyOccurrence);
    }

    /** Sets a rule's severity; {@code severity} null turns the rule off. */
    public Config withRule(String ruleId, Severity severity) throws ConfigException {
        if (Rules.byId(ruleId) == null) throw new ConfigException("unknown rule id '" + ruleId + "'" + Rules.suggest(ruleId));
        if (ruleId.equals(INTERNAL_ERROR)) {
            throw new ConfigException("'" + ruleId + "' cannot be configured: it is phasecheck's own failure, and always fails the run");
        }
        Map<String, Optional<Severity>> m = new LinkedHashMap<>(ruleOverrides);
        m.put(ruleId, Optional.ofNullable(severity));
        return new Config(m, phaseModelPatterns, everyOccurrence);
    }

    /** Reads a YAML (or JSON) configuration file. */
    public static Config load(Path file) throws ConfigException {
        String where = file.toString();
        JsonNode root;
        try {
            ObjectMapper yaml = YAMLMapper.builder().build();
            root = yaml.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot be read: " + e.getMessage());
        } catch (JacksonException e) {
            throw new ConfigException(where + ": not valid YAML: " + oneLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) return defaults();
        if (!root.isObject()) throw new ConfigException(where + ": must be a mapping with 'rules' and/or 'phase-models'");
        Config config = defaults();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            switch (e.getKey()) {
                case "rules" -> config = readRules(config, e.getValue(), where);
                case "phase-models", "phase_models", "phaseModels" -> config = config.withPhaseModels(readPatterns(e.getValue(), where));
                default -> throw new ConfigException(where + ": unknown key '" + e.getKey()
                        + "' (expected 'rules' or 'phase-models')");
            }
        }
        return config;
    }

    private static Config readRules(Config config, JsonNode rules, String where) throws ConfigException {
        if (rules.isNull()) return config;
        if (!rules.isObject()) throw new ConfigException(where + ": 'rules' must map rule ids to error, warning, info or off");
        for (Map.Entry<String, JsonNode> r : rules.properties()) {
            String id = r.getKey();
            JsonNode v = r.getValue();
            String text = v.isBoolean() ? (v.asBoolean() ? "on" : "off") : v.isString() ? v.asString() : v.toString();
            text = text.trim().toLowerCase(Locale.ROOT);
            if (Rules.byId(id) == null) {
                throw new ConfigException(where + ": rules." + id + ": unknown rule id" + Rules.suggest(id));
            }
            if (id.equals(INTERNAL_ERROR)) {
                throw new ConfigException(where + ": rules." + id + ": cannot be configured: it is phasecheck's own failure");
            }
            if (text.equals("off")) {
                config = config.withRule(id, null);
            } else if (!text.equals("on") && !text.equals("default")) {
                Severity s = Severity.parse(text);
                if (s == null) {
                    throw new ConfigException(where + ": rules." + id + ": '" + text
                            + "' is not one of error, warning, info, off");
                }
                config = config.withRule(id, s);
            }
        }
        return config;
    }

    private static List<String> readPatterns(JsonNode node, String where) throws ConfigException {
        List<String> out = new ArrayList<>();
        if (node.isString()) {
            out.add(node.asString());
        } else if (node.isArray()) {
            for (JsonNode p : node) {
                if (!p.isString()) throw new ConfigException(where + ": phase-models entries must be strings");
                out.add(p.asString());
            }
        } else if (!node.isNull()) {
            throw new ConfigException(where + ": 'phase-models' must be a list of patterns");
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
