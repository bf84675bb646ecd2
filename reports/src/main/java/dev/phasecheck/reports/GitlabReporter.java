package dev.phasecheck.reports;

import dev.phasecheck.rules.api.Finding;
import dev.phasecheck.rules.api.LintResult;
import dev.phasecheck.rules.api.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitLab Code Quality JSON (a subset of the Code Climate issue format, as GitLab's
 * {@code artifacts:reports:codequality} reads it): an array of issues, each with
 * {@code description}, {@code check_name} (the rule id), {@code fingerprint}, {@code severity}
 * and {@code location.path} / {@code location.lines.begin}.
 *
 * <p>Severities: error → {@code major}, warning → {@code minor}, info → {@code info}; phasecheck's
 * own internal errors → {@code blocker}; a baselined finding → {@code info}, its description
 * starting "(baselined)". GitLab keeps one issue per fingerprint, so the fingerprint is the
 * finding's {@link Fingerprints fingerprint} for its first occurrence, and a hash of it and the
 * occurrence number for later ones: unique in the report, stable from run to run. A finding
 * without a line (not JSONL, or about the whole file) is placed on line 1.
 */
public final class GitlabReporter extends RedactedReporter {
    private final ObjectMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    @Override
    public String format() {
        return "gitlab";
    }

    @Override
    protected void render(LintResult result, ReportContext context, OutputStream out) throws IOException {
        ArrayNode issues = json.createArrayNode();
        List<Baseline.Entry> accepted = context.baselined(result);
        Map<String, Integer> seen = new HashMap<>();
        int n = 0;
        for (Finding f : result.findings()) {
            boolean baselined = accepted.get(n++) != null;
            String fp = Fingerprints.of(f);
            int occurrence = seen.merge(fp, 1, Integer::sum);
            ObjectNode issue = issues.addObject();
            String at = ReportSupport.location(f);
            issue.put("description", (baselined ? "(baselined) " : "") + f.message() + (at.isEmpty() ? "" : " (at " + at + ")"));
            issue.put("check_name", f.rule());
            issue.put("fingerprint", occurrence == 1 ? fp : Fingerprints.hash(fp + "#" + occurrence));
            issue.put("severity", baselined ? "info" : severity(f));
            ObjectNode location = issue.putObject("location");
            location.put("path", f.file());
            location.putObject("lines").put("begin", f.line() == null ? 1 : f.line());
        }
        json.writeValue(out, issues);
        out.write('\n');
    }

    static String severity(Finding f) {
        if (LintResult.INTERNAL_ERROR.equals(f.rule())) return "blocker";
        return f.severity() == Severity.ERROR ? "major" : f.severity() == Severity.WARNING ? "minor" : "info";
    }
}
