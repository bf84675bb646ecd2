package dev.phasecheck.reports;

import dev.phasecheck.reports.junit.LintResultEngine;
import dev.phasecheck.rules.api.LintResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * JUnit XML, the standard (Ant/Surefire) format CI dashboards read, written by the JUnit Platform
 * Launcher's own reporting: the lint result is run as a test engine ({@link LintResultEngine}: one
 * test per transcript and rule) and the Launcher's {@link LegacyXmlReportGeneratingListener} writes it.
 */
public final class JunitXmlReporter extends RedactedReporter {
    @Override
    public String format() {
        return "junit";
    }

    @Override
    protected void render(LintResult result, ReportContext context, OutputStream out) throws IOException {
        Path dir = Files.createTempDirectory("phasecheck-junit");
        try {
            StringWriter log = new StringWriter();
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestEngineAutoRegistration(false)
                    .enableTestExecutionListenerAutoRegistration(false)
                    .enableLauncherSessionListenerAutoRegistration(false)
                    .enablePostDiscoveryFilterAutoRegistration(false)
                    .addTestEngines(new LintResultEngine(result, context.failOn(), context.rules()))
                    .build());
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectUniqueId("[engine:" + LintResultEngine.ID + "]"))
                    .build();
            launcher.execute(request, new LegacyXmlReportGeneratingListener(dir, new PrintWriter(log)));
            Path xml = dir.resolve("TEST-" + LintResultEngine.ID + ".xml");
            if (!Files.exists(xml)) throw new IOException("the JUnit launcher wrote no report: " + log);
            // the launcher lists every JVM system property; -D flags can carry secrets, so they are left out
            String text = Files.readString(xml, StandardCharsets.UTF_8)
                    .replaceAll("(?s)<properties>.*?</properties>\\s*", "");
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
