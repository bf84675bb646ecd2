package dev.phasecheck.rules.relay;

import tools.jackson.databind.JsonNode;

/**
 * Where something is on one leg of a relay.
 *
 * @param file    the leg's file ({@code client.jsonl}, {@code upstream.jsonl}, or a record path)
 * @param index   the 0-based exchange index in that leg
 * @param pointer an RFC 6901 pointer into the exchange object
 * @param value   what is there (a phase, or an item), or null when absent
 */
public record Side(String file, int index, String pointer, JsonNode value) {}
