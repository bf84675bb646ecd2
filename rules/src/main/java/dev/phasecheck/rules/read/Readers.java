package dev.phasecheck.rules.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Entry point of the readers: picks the format of a file and turns exchange objects into {@link Exchange}s. */
public final class Readers {
    /** Deeper nesting than this is reported as unreadable instead of risking the stack. */
    public static final int MAX_NESTING = 1000;

    private Readers() {}

    /** A JSON mapper with limits fit for transcripts: huge strings are fine, absurd nesting is not. */
    public static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxDocumentLength(-1)
                        .maxNameLength(1_000_000)
                        .build())
                .build();
        return JsonMapper.builder(factory).build();
    }

    public enum Format { JSONL, JSON, HAR }

    /** The format for a file name, or null when the extension is not a transcript's. */
    public static Format formatOf(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) return Format.JSONL;
        if (n.endsWith(".json")) return Format.JSON;
        if (n.endsWith(".har")) return Format.HAR;
        return null;
    }

    /** A recording phasecheck reads, recognised by its content whatever the file's extension (§3a). */
    public enum Recorded { HTTPRR, INTERACTIONS, HTTP_INTERACTIONS }

    /**
     * Recognises a recording by a file's first bytes: the httprr header line, or a YAML or JSON
     * document whose top-level keys (read line by line in the head) include {@code interactions}
     * (vcrpy, go-vcr) or {@code http_interactions} (Ruby VCR). Null when it is none of these.
     */
    public static Recorded recordingOf(byte[] head, int n) {
        if (HttprrReader.sniff(head, n)) return Recorded.HTTPRR;
        String text = Cassettes.headText(head, n);
        int i = skipBomAndSpace(head, n);
        if (i < n && head[i] == '{') {
            java.util.regex.Matcher m = JSON_FIRST_KEY.matcher(text.substring(i));
            if (m.lookingAt()) return m.group(1) != null ? Recorded.HTTP_INTERACTIONS : Recorded.INTERACTIONS;
            return null;
        }
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("\uFEFF")) line = line.substring(1);
            if (line.startsWith("\u00EF\u00BB\u00BF")) line = line.substring(3);
            if (line.isBlank() || line.startsWith("#") || line.startsWith("%") || line.startsWith("---")
                    || line.startsWith(" ") || line.startsWith("\t") || line.startsWith("-")) {
                continue;
            }
            java.util.regex.Matcher m = YAML_KEY.matcher(line);
            if (m.lookingAt()) {
                if (m.group(2) != null) return Recorded.HTTP_INTERACTIONS;
                return Recorded.INTERACTIONS;
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern JSON_FIRST_KEY =
            java.util.regex.Pattern.compile("\\{\\s*\"(http_)?interactions\"\\s*:");
    private static final java.util.regex.Pattern YAML_KEY =
            java.util.regex.Pattern.compile("([\"']?)(http_)?interactions\\1\\s*:(\\s|$)");

    /** Whether a file name ends in {@code .yaml} or {@code .yml}. */
    static boolean isYamlName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /**
     * Reads one file. A recording (cassette or httprr trace) is recognised by its content, whatever
     * the extension; a YAML file that is not one is a finding. Otherwise a file whose extension
     * names no format is sniffed: JSON when it starts with {@code [}, else JSONL.
     */
    public static void readFile(Path path, String displayName, ObjectMapper mapper, TranscriptSink sink)
            throws IOException {
        byte[] head = new byte[8192];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        Format format = formatOf(path.getFileName().toString());
        Recorded recorded = format == null || format == Format.JSON ? recordingOf(head, n) : null;
        if (recorded == Recorded.HTTPRR) {
            // before the NUL check: raw gzip bodies hold NUL bytes
            new HttprrReader(mapper).read(path, displayName, sink);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                sink.unreadable(null, null, null, "binary file (NUL byte at offset " + i + "), not a transcript", false);
                return;
            }
        }
        if (recorded != null) {
            readCassette(path, displayName, recorded, mapper, YamlTree.newMapper(), sink);
            return;
        }
        if (format == null && isYamlName(path.getFileName().toString())) {
            sink.unreadable(null, null, "", "not a recording phasecheck reads: a YAML file without a top-level "
                    + "\"interactions\" (vcrpy, go-vcr) or \"http_interactions\" (Ruby VCR) list", false);
            return;
        }
        if (format == null) {
            int i = skipBomAndSpace(head, n);
            format = i < n && head[i] == '[' ? Format.JSON : Format.JSONL;
        }
        switch (format) {
            case JSONL -> {
                try (InputStream in = Files.newInputStream(path)) {
                    new JsonlReader(mapper).read(in, displayName, sink);
                }
            }
            case JSON -> new JsonReader(mapper).read(path, displayName, sink);
            case HAR -> new HarReader(mapper).read(path, displayName, sink);
        }
    }

    /** Reads a YAML or JSON cassette, choosing vcrpy or go-vcr by the first interaction's shape. */
    static void readCassette(Path path, String displayName, Recorded kind, ObjectMapper json, ObjectMapper yaml,
                             TranscriptSink sink) throws IOException {
        if (kind == Recorded.HTTP_INTERACTIONS) {
            new RubyVcrReader(json, yaml).read(path, displayName, sink);
            return;
        }
        VcrpyReader vcrpy = new VcrpyReader(json, yaml);
        GoVcrReader goVcr = new GoVcrReader(json, yaml);
        Cassettes.read(path, displayName, "interactions",
                first -> GoVcrReader.isGoVcr(first) ? goVcr : vcrpy, json, yaml, sink);
    }

    /** Whether a file that a directory walk found, with no transcript extension, is a recording (§3a). */
    public static boolean isRecording(Path path) {
        byte[] head = new byte[8192];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        return recordingOf(head, n) != null;
    }

    static int skipBomAndSpace(byte[] b, int n) {
        int i = 0;
        if (n >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) i = 3;
        while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) i++;
        return i;
    }

    /**
     * Turns a parsed exchange object into an {@link Exchange}, reporting what cannot be read.
     * Returns null (after reporting) when the object cannot be an exchange at all.
     */
    public static Exchange toExchange(JsonNode node, String file, int index, Integer line, ObjectMapper mapper,
                                      TranscriptSink sink) {
        return toExchange(node, file, index, line, null, mapper, sink);
    }

    /** As above, for an interaction of a recording: {@code interaction} is its 0-based position in the file. */
    public static Exchange toExchange(JsonNode node, String file, int index, Integer line, Integer interaction,
                                      ObjectMapper mapper, TranscriptSink sink) {
        try {
            return build(node, file, index, line, interaction, mapper, sink);
        } catch (RuntimeException | StackOverflowError e) {
            // whatever this exchange holds, it must not stop the rest of the transcript
            sink.unreadable(index, line, "", "exchange could not be read: " + e, true);
            return null;
        }
    }

    private static Exchange build(JsonNode node, String file, int index, Integer line, Integer interaction,
                                  ObjectMapper mapper, TranscriptSink sink) {
        if (node == null || !node.isObject()) {
            sink.unreadable(index, line, "", "an exchange must be a JSON object, found " + kind(node), true);
            return null;
        }
        JsonNode request = node.get("request");
        if (request == null || request.isNull()) {
            sink.unreadable(index, line, "", "exchange has no \"request\"", true);
            return null;
        }
        if (!request.isObject()) {
            sink.unreadable(index, line, "/request", "\"request\" must be an object, found " + kind(request), true);
            return null;
        }
        String url = text(node.get("url"));
        Integer status = null;
        JsonNode st = node.get("status");
        if (st != null && st.canConvertToInt() && st.isNumber()) status = st.asInt();
        Endpoint endpoint = Endpoint.infer(url, request);

        JsonNode response = node.get("response");
        if (response != null && response.isNull()) response = null;
        if (response != null && !response.isObject()) {
            sink.unreadable(index, line, "/response", "\"response\" must be an object, found " + kind(response), false);
            response = null;
        }
        StreamedResponse stream = null;
        JsonNode sse = node.get("response_sse");
        if (sse != null && !sse.isNull()) {
            if (!sse.isString()) {
                sink.unreadable(index, line, "/response_sse", "\"response_sse\" must be a string, found " + kind(sse), false);
            } else if (response != null) {
                sink.unreadable(index, line, "/response_sse",
                        "exchange has both \"response\" and \"response_sse\"; the stream was not read", false);
            } else {
                stream = readStream(sse.asString(), endpoint, index, line, mapper, sink);
            }
        }
        return new Exchange(file, index, line, url, status, endpoint, request, response, stream, interaction);
    }

    static StreamedResponse readStream(String body, Endpoint endpoint, int index, Integer line, ObjectMapper mapper,
                                       TranscriptSink sink) {
        Sse.Parsed parsed = Sse.parse(body, mapper);
        for (Sse.BadData bad : parsed.problems()) {
            sink.unreadable(index, line, "/response_sse/" + bad.eventIndex(), bad.message(), false);
        }
        boolean chat = endpoint == Endpoint.CHAT_COMPLETIONS || looksLikeChat(parsed);
        StreamedResponse stream = StreamedResponse.of(parsed.events(), chat);
        if (!stream.ended() && !parsed.events().isEmpty()) {
            sink.unreadable(index, line, "/response_sse",
                    chat ? "stream is truncated: it ends without \"data: [DONE]\" or a finish_reason"
                         : "stream is truncated: no response.completed, response.incomplete or response.failed event",
                    false);
        } else if (parsed.events().isEmpty() && !body.isBlank()) {
            sink.unreadable(index, line, "/response_sse", "\"response_sse\" holds no server-sent event", false);
        }
        return stream;
    }

    private static boolean looksLikeChat(Sse.Parsed parsed) {
        for (SseEvent e : parsed.events()) {
            if (e.data() != null) return "chat.completion.chunk".equals(text(e.data().get("object")));
        }
        return false;
    }

    /** A one-line description of a parse error (with its line and column when Jackson knows them). */
    public static String describe(RuntimeException e) {
        if (e instanceof JacksonException je) return describe(je);
        return String.valueOf(e.getMessage());
    }

    /** A one-line description of a Jackson parse error, with its line and column. */
    public static String describe(JacksonException e) {
        String msg = e.getOriginalMessage();
        if (msg == null) msg = e.getClass().getSimpleName();
        msg = msg.replace('\n', ' ').replace('\r', ' ');
        if (msg.length() > 200) msg = msg.substring(0, 200) + "…";
        var loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            msg += " (at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        }
        return msg;
    }

    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) return "nothing";
        if (n.isObject()) return "an object";
        if (n.isArray()) return "an array";
        if (n.isString()) return "a string";
        if (n.isNumber()) return "a number";
        if (n.isBoolean()) return "a boolean";
        if (n.isNull()) return "null";
        return n.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    static String text(JsonNode n) {
        return n != null && n.isString() ? n.asString() : null;
    }

    static ObjectNode newObject(ObjectMapper mapper) {
        return mapper.createObjectNode();
    }
}
