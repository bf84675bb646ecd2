package dev.phasecheck.reports;

/**
 * What a report says about the run besides its findings.
 *
 * @param toolVersion phasecheck's version
 * @param failOn      the lowest failing severity ({@code error}, {@code warning}, {@code info}, {@code never})
 */
public record ReportContext(String toolVersion, String failOn) {}
