package dev.phasecheck.rules.replay;

import dev.phasecheck.rules.api.Related;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An assistant output message of an earlier response, as much of it as replay checks need:
 * no JSON tree is kept, only its id, a hash and length of its text, and its phase.
 */
public final class OutputMessage {
    final String id;
    final java.util.List<String> ids; // every id it carried, its own first
    final long textHash;
    final int textLength;
    final String phase;           // the string value, or null
    final boolean phaseNull;      // key present with JSON null
    final JsonNode phaseOther;    // a non-string, non-null phase as sent (rare)
    final String preview;
    final ResponseRecord response;
    final int position;           // among the response's assistant messages
    final String pointer;

    OutputMessage(String id, java.util.List<String> ids, String text, JsonNode phaseNode, ResponseRecord response, int position, String pointer) {
        this.id = id;
        this.ids = ids;
        this.textHash = dev.phasecheck.rules.json.Items.hash(text);
        this.textLength = text.length();
        this.phase = phaseNode != null && phaseNode.isString() ? phaseNode.asString() : null;
        this.phaseNull = phaseNode != null && phaseNode.isNull();
        this.phaseOther = phaseNode != null && !phaseNode.isString() && !phaseNode.isNull() ? phaseNode : null;
        this.preview = dev.phasecheck.rules.json.Items.preview(text);
        this.response = response;
        this.position = position;
        this.pointer = pointer;
    }

    public String id() {
        return id;
    }

    /** The phase it was emitted with, or null when it had none (absent or null). */
    public String phase() {
        return phase;
    }

    /** True when it carried a non-null phase. */
    public boolean hasPhase() {
        return phase != null || phaseOther != null;
    }

    /** The phase as emitted, for evidence (null when the key was absent). */
    public JsonNode phaseNode() {
        if (phase != null) return JsonNodeFactory.instance.stringNode(phase);
        if (phaseOther != null) return phaseOther;
        return phaseNull ? JsonNodeFactory.instance.nullNode() : null;
    }

    public String preview() {
        return preview;
    }

    public long textHash() {
        return textHash;
    }

    public int textLength() {
        return textLength;
    }

    public ResponseRecord response() {
        return response;
    }

    public String pointer() {
        return pointer;
    }

    /** The evidence pointing back at this output message. */
    public Related related() {
        return new Related(response.file, response.index, response.line, pointer, phaseNode());
    }

    /** A short name for messages: its id, else its position. */
    public String label() {
        return id != null ? id : "output message " + position + " of exchange " + response.index;
    }

    /** A description for messages: label, phase and text preview. */
    public String describe() {
        String p = phase != null ? "phase \"" + phase + "\"" : phaseOther != null ? "phase " + phaseOther : "no phase";
        return label() + " (" + p + ", " + preview + ")";
    }
}
