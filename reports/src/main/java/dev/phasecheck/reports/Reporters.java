package dev.phasecheck.reports;

import java.util.List;

/**
 * The formats phasecheck can write. A reporter is made when its format is asked for, so a run
 * loads only the classes of the formats it writes (the HTML template engine only for HTML).
 */
public final class Reporters {
    private Reporters() {}

    private static final List<String> FORMATS = List.of("text", "json", "sarif", "html", "markdown", "github", "gitlab",
            "junit");

    /** Every format's name, in the order the CLI lists them. */
    public static List<String> formats() {
        return FORMATS;
    }

    /** A new reporter for a format name, or null. */
    public static Reporter forFormat(String format) {
        if (format == null) return null;
        return switch (format) {
            case "text" -> new TextReporter();
            case "json" -> new JsonReporter();
            case "sarif" -> new SarifReporter();
            case "html" -> new HtmlReporter();
            case "markdown" -> new MarkdownReporter();
            case "github" -> new GithubReporter();
            case "gitlab" -> new GitlabReporter();
            case "junit" -> new JunitXmlReporter();
            default -> null;
        };
    }
}
