package dev.phasecheck.reports;

import java.util.List;

/** The formats phasecheck can write. */
public final class Reporters {
    private Reporters() {}

    private static final List<Reporter> ALL = List.of(new TextReporter(), new JsonReporter(), new SarifReporter(),
            new HtmlReporter(), new MarkdownReporter(), new GithubReporter(), new GitlabReporter());

    /** Every format's name, in the order the CLI lists them. */
    public static List<String> formats() {
        return ALL.stream().map(Reporter::format).toList();
    }

    /** The reporter for a format name, or null. */
    public static Reporter forFormat(String format) {
        for (Reporter r : ALL) {
            if (r.format().equals(format)) return r;
        }
        return null;
    }
}
