package dev.phasecheck.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Decides whether a model name is a phase model. */
public final class PhaseModels {
    /** The models for which {@code phase} is required. */
    public static final Set<String> BUILT_IN = Set.of("gpt-5.3-codex", "gpt-5.4", "gpt-5.4-pro", "gpt-5.5", "gpt-5.5-pro");

    private static final Pattern SNAPSHOT = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");

    private final List<Pattern> patterns;

    public PhaseModels(List<String> extraGlobs) {
        List<Pattern> ps = new ArrayList<>();
        for (String g : extraGlobs) ps.add(globToRegex(g));
        this.patterns = List.copyOf(ps);
    }

    /** Removes a provider prefix ({@code openai/}) and a snapshot suffix ({@code -2026-03-05}). */
    public static String normalize(String model) {
        String m = model.trim().toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) m = m.substring(slash + 1);
        return SNAPSHOT.matcher(m).replaceFirst("");
    }

    public boolean isPhaseModel(String model) {
        if (model == null || model.isBlank()) return false;
        String n = normalize(model);
        if (BUILT_IN.contains(n)) return true;
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
