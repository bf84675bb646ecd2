package dev.phasecheck.rules.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a model name is a phase model by name (see the rule catalogue's "Phase
 * models"). Immutable. Whether a model is <em>observed</em> to use phase in a transcript is
 * per transcript state, kept by the {@link Emitter}.
 */
public final class PhaseModels {
    /** The built-in phase-model patterns (globs over the normalised name). */
    public static final List<String> BUILT_IN = List.of("gpt-5.3-codex", "gpt-5.4*", "gpt-5.5*", "gpt-5.6*", "gpt-6*");

    private static final Pattern SNAPSHOT = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");
    /** Bedrock's model version suffix: {@code -v1:0}, {@code -v2}. */
    private static final Pattern VERSION = Pattern.compile("-v\\d+(:\\d+)?$");
    /** Bedrock's provider prefix, with an optional region ({@code us.}, {@code eu.}, {@code global.}): {@code openai.}. */
    private static final Pattern BEDROCK = Pattern.compile("^(?:[a-z]{2,6}\\.)?openai\\.");

    private static final List<Pattern> BUILT_IN_PATTERNS = BUILT_IN.stream().map(PhaseModels::globToRegex).toList();

    private final List<Pattern> patterns;

    public PhaseModels(List<String> extraGlobs) {
        List<Pattern> ps = new ArrayList<>(BUILT_IN_PATTERNS);
        for (String g : extraGlobs) ps.add(globToRegex(g));
        this.patterns = List.copyOf(ps);
    }

    /**
     * The name a model is matched by: letter case folded; a provider prefix removed
     * ({@code openai/}, {@code azure/}, {@code openrouter/openai/}, Bedrock's {@code openai.} and
     * {@code us.openai.}); a snapshot date ({@code -2026-03-05}) or version ({@code -v1:0}) suffix removed.
     */
    public static String normalize(String model) {
        String m = model.trim().toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) m = m.substring(slash + 1);
        m = BEDROCK.matcher(m).replaceFirst("");
        m = VERSION.matcher(m).replaceFirst("");
        return SNAPSHOT.matcher(m).replaceFirst("");
    }

    /** True when the name matches a built-in or configured pattern. */
    public boolean isPhaseModel(String model) {
        if (model == null || model.isBlank()) return false;
        String n = normalize(model);
        String raw = model.trim().toLowerCase(Locale.ROOT);
        for (Pattern p : patterns) {
            if (p.matcher(n).matches() || p.matcher(raw).matches()) return true;
        }
        return false;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.trim().toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
