package dev.phasecheck.rules.api;

/**
 * What was read of one transcript.
 *
 * @param file       its display name
 * @param exchanges  exchange positions read (unreadable ones included, as they take an index)
 * @param unreadable positions that could not be read as an exchange
 */
public record FileSummary(String file, int exchanges, int unreadable) {}
