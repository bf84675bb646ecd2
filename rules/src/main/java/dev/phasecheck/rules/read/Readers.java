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

/** Entry point of the readers: picks the format of a file and turns exchange objects into {@link Exchange}s. */
public final class Readers {
    /** Deeper nesting than this is reported as unreadable instead of risking the stack. */
    public static final int MAX_NESTING = 1000;

    private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("\\s*\\[Source: [^\\]]*\\]");

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
            line = Bom.skip(line);
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
     * the extension; a YAML file that is not one is a finding. Otherwise a file whose extension names
     * no format is sniffed: JSON when it starts with {@code [}, else JSONL. A file that is not a regular file (a named pipe, process substitution's
     * {@code /dev/fd/N}) is opened once and read as a stream, sniffed from a buffered head.
     */
    public static void readFile(Path path, String displayName, ObjectMapper mapper, TranscriptSink sink)
            throws IOException {
        if (!Files.isRegularFile(path)) {
            // FileInputStream, not Files.newInputStream: a channel's available() seeks, which a pipe cannot
            try (InputStream in = new java.io.FileInputStream(path.toFile())) {
                readStream(in, displayName, formatOf(path.getFileName().toString()), mapper, sink);
            }
            return;
        }
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
        if (binary(head, n, sink)) return;
        if (recorded != null) {
            readCassette(path, displayName, recorded, mapper, YamlTree.newMapper(), sink);
            return;
        }
        if (format == null && isYamlName(path.getFileName().toString())) {
            sink.unreadable(null, null, "", "not a recording phasecheck reads: a YAML file without a top-level "
                    + "\"interactions\" (vcrpy, go-vcr) or \"http_interactions\" (Ruby VCR) list", false);
            return;
        }
        if (format == null) format = sniff(head, n);
        readRegular(path, displayName, format, mapper, sink);
    }

    /**
     * Reads a stream that can be read only once (standard input, a pipe): its format is the one
     * named ({@code byName}, may be null) or sniffed from a buffered head. JSONL is streamed; JSON
     * and HAR, which are read in two passes, are first copied to a temporary file.
     */
    public static void readStream(InputStream raw, String displayName, Format byName, ObjectMapper mapper,
                                  TranscriptSink sink) throws IOException {
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw, 1 << 16);
        in.mark(8192);
        byte[] head = new byte[8192];
        int n = 0;
        try {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) >= 0; ) n += r;
        } catch (IOException e) {
            // what was read so far is still sniffed and read; the failure comes again when reading on
        }
        in.reset();
        Format format = byName != null ? byName : recordingOf(head, n) != null ? null : sniff(head, n);
        if (format == Format.JSONL) {
            new JsonlReader(mapper).read(in, displayName, sink);
            return;
        }
        Path spool = Files.createTempFile("phasecheck-", ".spool");
        try {
            Files.copy(in, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (format == null) readFile(spool, displayName, mapper, sink); // a recording: read by its content
            else readRegular(spool, displayName, format, mapper, sink);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private static void readRegular(Path path, String displayName, Format format, ObjectMapper mapper,
                                    TranscriptSink sink) throws IOException {
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

    private static boolean binary(byte[] head, int n, TranscriptSink sink) {
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                sink.unreadable(null, null, null, "binary file (NUL byte at offset " + i + "), not a transcript", false);
                return true;
            }
        }
        return false;
    }

    /**
     * The format of content with no telling name: JSON when it starts with {@code [}, or with a
     * line that is only <code>{</code> (a pretty-printed exchange or HAR); else JSONL.
     */
    static Format sniff(byte[] head, int n) {
        int i = skipBomAndSpace(head, n);
        if (i >= n) return Format.JSONL;
        if (head[i] == '[') return Format.JSON;
        if (head[i] == '{') {
            int j = i + 1;
            while (j < n && (head[j] == ' ' || head[j] == '\t' || head[j] == '\r')) j++;
            if (j < n && head[j] == '\n') return Format.JSON;
        }
        return Format.JSONL;
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
        int i = Bom.length(b, 0, n);
        while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) i++;
        return i;
    }

    /**
     * Turns a parsed exchange object into an {@link Exchange}, reporting what cannot be read.
     * Returns null (after reporting) when the object cannot be an exchange at all.
     */
    public static Exchange toExchange(JsonNode node, String file, int index, Integer line, ObjectMapper mapper,
                                      TranscriptSink sink) {
        return toExchange(node, null, file, index, line, null, mapper, sink);
    }

    /** As above, for an interaction of a recording: {@code interaction} is its 0-based position in the file. */
    public static Exchange toExchange(JsonNode node, String file, int index, Integer line, Integer interaction,
                                      ObjectMapper mapper, TranscriptSink sink) {
        return toExchange(node, null, file, index, line, interaction, mapper, sink);
    }

    /**
     * As {@link #toExchange(JsonNode, String, int, Integer, ObjectMapper, TranscriptSink)}, with the
     * {@code response_sse} events already parsed while the object was read (null when they were not).
     */
    public static Exchange toExchange(JsonNode node, Sse.Parsed events, String file, int index, Integer line,
                                      ObjectMapper mapper, TranscriptSink sink) {
        return toExchange(node, events, file, index, line, null, mapper, sink);
    }

    private static Exchange toExchange(JsonNode node, Sse.Parsed events, String file, int index, Integer line,
                                       Integer interaction, ObjectMapper mapper, TranscriptSink sink) {
        try {
            return build(node, events, file, index, line, interaction, mapper, sink);
        } catch (RuntimeException | StackOverflowError e) {
            // a bug of phasecheck: it must not stop the rest of the transcript, nor pass as the input's problem
            sink.internalError(index, line, "reading exchange " + index, e);
            return null;
        }
    }

    private static Exchange build(JsonNode node, Sse.Parsed events, String file, int index, Integer line,
                                  Integer interaction, ObjectMapper mapper, TranscriptSink sink) {
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
                stream = readStream(events != null ? events : Sse.parse(sse.asString(), mapper), endpoint, index,
                        line, sink);
            }
        }
        String connection = null;
        if ("websocket".equals(text(node.get("transport")))) {
            connection = text(node.get("connection"));
            if (connection == null) connection = "websocket"; // one connection, unnamed
        }
        return new Exchange(file, index, line, url, status, endpoint, request, response, stream, interaction, connection,
                text(node.get("conversation")));
    }

    static StreamedResponse readStream(String body, Endpoint endpoint, int index, Integer line, ObjectMapper mapper,
                                       TranscriptSink sink) {
        return readStream(Sse.parse(body, mapper), endpoint, index, line, sink);
    }

    static StreamedResponse readStream(Sse.Parsed parsed, Endpoint endpoint, int index, Integer line,
                                       TranscriptSink sink) {
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
        } else if (parsed.events().isEmpty() && !parsed.blank()) {
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

    /**
     * The finding for a value too large for the heap: "line 3 is too large for the heap: 187 MB; …".
     *
     * @param what  what could not be held, e.g. "line 3"
     * @param bytes its size, or -1 when unknown
     */
    public static String tooLarge(String what, long bytes) {
        long max = Runtime.getRuntime().maxMemory() >> 20;
        return what + " is too large for the heap" + (bytes >= 0 ? ": " + (bytes >> 20) + " MB" : "")
                + " (the heap is " + max + " MB); it was not checked; raise the heap with PHASECHECK_JAVA_OPTS=-Xmx"
                + Math.max(1, (max * 2 + 1023) / 1024) + "g";
    }

    /** An I/O failure in a user's terms: the exception's message, or its kind. */
    public static String describeIo(IOException e) {
        String kind = switch (e.getClass().getSimpleName()) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file";
            case "NotDirectoryException" -> "not a directory";
            case "FileSystemLoopException" -> "a symbolic link loop";
            default -> null;
        };
        String msg = e.getMessage();
        if (kind != null) return kind;
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg.replace('\n', ' ');
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
        // Jackson names its input source in some messages; the user knows the file, so leave that out
        msg = SOURCE.matcher(msg).replaceAll("").replace(" (start marker at)", "").replace("(start marker at )", "");
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
}
