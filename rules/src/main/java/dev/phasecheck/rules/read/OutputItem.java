package dev.phasecheck.rules.read;

import tools.jackson.databind.JsonNode;

/** One output item of a response, with the pointer to where its replayable state was read. */
public record OutputItem(JsonNode item, String pointer) {}
