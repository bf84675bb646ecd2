package dev.phasecheck.rules.replay;

import java.util.List;

/** An earlier response of the transcript, as the replay index keeps it. */
public final class ResponseRecord {
    final String file;
    final int index;
    final Integer line;
    final String responseId;
    final String model;
    final List<OutputMessage> messages;
    HistoryKeys history; // the input the response was given; null once dropped for memory
    final int inputSize;
    int outputSize;
    boolean stored = true;   // false when its request said "store": false (the server keeps no copy)
    String connection;       // the WebSocket connection that created it, or null

    ResponseRecord(String file, int index, Integer line, String responseId, String model,
                   List<OutputMessage> messages, HistoryKeys history) {
        this.file = file;
        this.index = index;
        this.line = line;
        this.responseId = responseId;
        this.model = model;
        this.messages = messages;
        this.history = history;
        this.inputSize = history.size();
    }

    public int index() {
        return index;
    }

    public Integer line() {
        return line;
    }

    public String file() {
        return file;
    }

    public String responseId() {
        return responseId;
    }

    public String model() {
        return model;
    }

    /** Its assistant output messages, in output order. */
    public List<OutputMessage> messages() {
        return messages;
    }

    /** The keys of the input this response was given, or null when dropped to bound memory. */
    public HistoryKeys history() {
        return history;
    }

    /** False when the response was created with {@code "store": false}: the server keeps no copy of it. */
    public boolean stored() {
        return stored;
    }

    /** The WebSocket connection that created it (whose memory keeps it, stored or not), or null. */
    public String connection() {
        return connection;
    }

    public String label() {
        return "exchange " + index + (responseId != null ? " (" + responseId + ")" : "");
    }
}
