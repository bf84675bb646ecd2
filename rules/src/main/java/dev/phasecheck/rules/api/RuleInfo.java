package dev.phasecheck.rules.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A rule's metadata, read from its {@link RuleDef}. */
public record RuleInfo(String id, Severity defaultSeverity, String summary, boolean phaseModelAware) {

    public static RuleInfo of(Class<?> ruleClass) {
        RuleDef def = ruleClass.getAnnotation(RuleDef.class);
        if (def == null) throw new IllegalArgumentException(ruleClass + " has no @RuleDef");
        return new RuleInfo(def.id(), def.severity(), def.summary(), def.phaseModelAware());
    }

    /** The resource path of the rule's documentation page. */
    public String docResource() {
        return "/dev/phasecheck/rules/docs/" + id + ".md";
    }

    /** The documentation page (Markdown), or null when it is missing. */
    public String doc() {
        try (InputStream in = RuleInfo.class.getResourceAsStream(docResource())) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
