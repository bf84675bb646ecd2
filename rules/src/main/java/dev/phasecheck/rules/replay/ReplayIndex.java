package dev.phasecheck.rules.replay;

import dev.phasecheck.rules.json.Items;
import dev.phasecheck.rules.read.Endpoint;
import dev.phasecheck.rules.read.Exchange;
import dev.phasecheck.rules.read.OutputItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The earlier responses of one transcript, indexed for replay matching (see the rule catalogue's
 * "Replay matching"). Keeps no JSON trees: memory grows with the number of distinct output
 * messages, not with the size of the transcript.
 */
public final class ReplayIndex {
    /** How many earlier multi-message responses a message is tried against for {@code message-merged}. */
    static final int MERGE_SEARCH_LIMIT = 4096;
    /**
     * How many history entries (request input items) are retained across responses for the
     * history-gap check; past it the oldest responses' histories are dropped, which bounds memory
     * on huge transcripts (a request that continues such an old response is not gap-checked).
     */
    static final long HISTORY_BUDGET = 4_000_000;

    private final java.util.ArrayDeque<ResponseRecord> retainedHistories = new java.util.ArrayDeque<>();
    private long retainedEntries;

    private final Map<String, List<OutputMessage>> byId = new HashMap<>();
    private final Map<Long, List<OutputMessage>> byText = new HashMap<>();
    private final Map<String, ResponseRecord> byResponseId = new HashMap<>();
    private final Map<String, ResponseRecord> byItemId = new HashMap<>();
    private final Map<String, ResponseRecord> byCallId = new HashMap<>();
    private final List<ResponseRecord> multiMessage = new ArrayList<>();
    private boolean anyReplayChecked;

    /** True once any request replayed or referenced an earlier assistant message. */
    public boolean anyReplayChecked() {
        return anyReplayChecked;
    }

    /** Analyses a Responses request against the responses seen so far. */
    public RequestAnalysis analyze(Exchange ex) {
        JsonNode request = ex.request();
        JsonNode input = request.get("input");
        Analysis a = new Analysis(HistoryKeys.of(input));
        boolean serverState = nonEmpty(request.get("conversation"));
        JsonNode prev = request.get("previous_response_id");
        if (prev != null && prev.isString()) {
            serverState = true;
            a.continuesPrevious(byResponseId.get(prev.asString()), prev.asString());
        }
        if (input != null && input.isArray()) {
            for (int k = 0; k < input.size(); k++) {
                JsonNode item = input.get(k);
                if (item == null || !item.isObject()) continue;
                if (Items.isAssistantMessage(item)) {
                    a.assistantMessage(k, item);
                } else if ("item_reference".equals(Items.str(item, "type"))) {
                    a.reference(k, Items.str(item, "id"));
                } else {
                    a.otherItem(item);
                }
            }
            a.mergesOfUnmatched(input);
        }
        if (!a.matches.isEmpty() || !a.merges.isEmpty()) anyReplayChecked = true;
        ResponseRecord newest = a.newest();
        // continuing a response with assistant messages checks them for omission
        if (newest != null && !newest.messages.isEmpty()) anyReplayChecked = true;
        return new RequestAnalysis(ex, a.matches, a.merges, a.used, newest, serverState, new KeptItems(a.keys), a.keys,
                a.references);
    }

    /** What one request's analysis has found so far. */
    private final class Analysis {
        final HistoryKeys keys;
        final List<Match> matches = new ArrayList<>();
        final List<Merge> merges = new ArrayList<>();
        final Set<OutputMessage> used = Collections.newSetFromMap(new IdentityHashMap<>());
        final Set<ResponseRecord> continued = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<Integer> unmatched = new ArrayList<>();
        /** What the request relies on the server to have kept (for unstored-reference). */
        final List<RequestAnalysis.Reference> references = new ArrayList<>();

        Analysis(HistoryKeys keys) {
            this.keys = keys;
        }

        /** The request names an earlier response by {@code previous_response_id} (null when unknown). */
        void continuesPrevious(ResponseRecord previous, String id) {
            if (previous == null) return;
            references.add(new RequestAnalysis.Reference("/request/previous_response_id", id, previous));
            continued.add(previous);
            if (!previous.messages.isEmpty()) anyReplayChecked = true;
        }

        /** A replayed assistant message: matched to an earlier output message, or one merging several, or unmatched yet. */
        void assistantMessage(int k, JsonNode item) {
            Match m = matchMessage(k, item, keys, used);
            if (m == null) {
                unmatched.add(k);
                return;
            }
            if (m.byId() && !m.textEqual()) {
                Merge merge = findMerge(k, item, List.of(m.original().response), used);
                if (merge != null) {
                    merge(merge);
                    continued.add(m.original().response);
                    return;
                }
            }
            used.add(m.original());
            matches.add(m);
            if (keys.sources == null) keys.sources = new OutputMessage[keys.size()];
            keys.sources[k] = m.original();
            continued.add(m.original().response);
        }

        /** An {@code item_reference} to an earlier output item. */
        void reference(int k, String id) {
            ResponseRecord r = id == null ? null : byItemId.get(id);
            if (r == null) return;
            references.add(new RequestAnalysis.Reference("/request/input/" + k, id, r));
            continued.add(r);
            for (OutputMessage om : r.messages) {
                if (om.ids.contains(id)) {
                    used.add(om);
                    anyReplayChecked = true;
                }
            }
        }

        /** Any other item: by its id, or a tool call's {@code call_id}, it may continue an earlier response. */
        void otherItem(JsonNode item) {
            String type = Items.str(item, "type");
            String id = Items.str(item, "id");
            ResponseRecord r = id == null ? null : byItemId.get(id);
            if (r == null && type != null && type.endsWith("_call")) {
                String callId = Items.str(item, "call_id");
                if (callId != null) r = byCallId.get(callId);
            }
            if (r != null) continued.add(r);
        }

        /** The assistant messages no single output message matched may join several of a recent response. */
        void mergesOfUnmatched(JsonNode input) {
            for (int k : unmatched) {
                Merge merge = findMerge(k, input.get(k), recentMultiMessage(), used);
                if (merge != null) {
                    merge(merge);
                    continued.add(merge.originals().get(0).response);
                }
            }
        }

        private void merge(Merge merge) {
            merges.add(merge);
            used.addAll(merge.originals());
        }

        /** The newest response the request continues, or null. */
        ResponseRecord newest() {
            ResponseRecord newest = null;
            for (ResponseRecord r : continued) {
                if (newest == null || r.index > newest.index) newest = r;
            }
            return newest;
        }
    }

    /**
     * The newest earlier response one of whose output items the request names exactly: by the
     * item's {@code id} (an assistant message, any other item, or an {@code item_reference}), or by
     * the {@code call_id} of a function call or of its output ({@code *_call} and
     * {@code *_call_output} items). Null when it names none. Neither analyses nor changes anything;
     * the simulated server routes requests to their conversation with it.
     */
    public ResponseRecord newestNamedBy(JsonNode request) {
        JsonNode input = request == null ? null : request.get("input");
        if (input == null || !input.isArray()) return null;
        ResponseRecord newest = null;
        for (JsonNode item : input) {
            if (item == null || !item.isObject()) continue;
            String id = Items.str(item, "id");
            ResponseRecord r = id == null ? null : byItemId.get(id);
            String type = Items.str(item, "type");
            if (r == null && type != null && (type.endsWith("_call") || type.endsWith("_call_output"))) {
                String callId = Items.str(item, "call_id");
                if (callId != null) r = byCallId.get(callId);
            }
            if (r != null && (newest == null || r.index > newest.index)) newest = r;
        }
        return newest;
    }

    private static boolean nonEmpty(JsonNode n) {
        if (n == null || n.isNull()) return false;
        if (n.isString()) return !n.asString().isEmpty();
        return !n.isObject() || !n.isEmpty();
    }

    private Match matchMessage(int k, JsonNode item, HistoryKeys keys, Set<OutputMessage> used) {
        String id = Items.str(item, "id");
        long textHash = keys.key2[k];
        int textLength = Items.text(item).length();
        if (id != null) {
            List<OutputMessage> cands = byId.get(id);
            if (cands == null) return null;
            for (int i = cands.size() - 1; i >= 0; i--) {
                OutputMessage om = cands.get(i);
                if (!used.contains(om)) {
                    boolean equal = om.textLength == textLength && om.textHash == textHash;
                    return new Match(k, item, om, true, equal);
                }
            }
            return null;
        }
        List<OutputMessage> cands = byText.get(textHash);
        if (cands == null) return null;
        // newest response first; within one response, output order
        int i = cands.size() - 1;
        while (i >= 0) {
            int respIndex = cands.get(i).response.index;
            int start = i;
            while (start > 0 && cands.get(start - 1).response.index == respIndex) start--;
            for (int j = start; j <= i; j++) {
                OutputMessage om = cands.get(j);
                if (om.textLength == textLength && !used.contains(om)) return new Match(k, item, om, false, true);
            }
            i = start - 1;
        }
        return null;
    }

    private List<ResponseRecord> recentMultiMessage() {
        int n = multiMessage.size();
        List<ResponseRecord> out = new ArrayList<>(Math.min(n, MERGE_SEARCH_LIMIT));
        for (int i = n - 1; i >= 0 && out.size() < MERGE_SEARCH_LIMIT; i--) out.add(multiMessage.get(i));
        return out;
    }

    /**
     * Whether the item's text is two or more consecutive assistant output messages of one of the
     * responses, joined directly or with whitespace between them (newest response first).
     */
    private Merge findMerge(int k, JsonNode item, List<ResponseRecord> responses, Set<OutputMessage> used) {
        String text = Items.text(item);
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) end--;
        int begin = 0;
        while (begin < end && Character.isWhitespace(text.charAt(begin))) begin++;
        for (ResponseRecord r : responses) {
            List<OutputMessage> ms = r.messages;
            if (ms.size() < 2) continue;
            for (int s = 0; s + 1 < ms.size(); s++) {
                int p = begin;
                int j = s;
                List<OutputMessage> parts = new ArrayList<>();
                while (j < ms.size()) {
                    OutputMessage om = ms.get(j);
                    if (om.textLength == 0 || used.contains(om) || p + om.textLength > end
                            || Items.hash(text, p, p + om.textLength) != om.textHash) {
                        break;
                    }
                    parts.add(om);
                    p += om.textLength;
                    while (p < end && Character.isWhitespace(text.charAt(p))) p++;
                    j++;
                    if (p == end && parts.size() >= 2) return new Merge(k, item, List.copyOf(parts));
                }
            }
        }
        return null;
    }

    /** Adds an exchange's response to the index, after its request was analysed. */
    public void register(Exchange ex, RequestAnalysis analysis) {
        if (ex.endpoint() != Endpoint.RESPONSES) return;
        List<OutputItem> items = ex.outputItems();
        String responseId = ex.responseId();
        if (items.isEmpty() && responseId == null) return;
        HistoryKeys history = analysis != null ? analysis.historyKeys() : HistoryKeys.of(ex.request().get("input"));
        List<OutputMessage> messages = new ArrayList<>();
        ResponseRecord record = new ResponseRecord(ex.file(), ex.index(), ex.line(), responseId,
                ex.responseModel(), Collections.unmodifiableList(messages), history);
        JsonNode store = ex.request().get("store");
        record.stored = store == null || !store.isBoolean() || store.asBoolean();
        record.connection = ex.connection();
        retainedHistories.addLast(record);
        retainedEntries += history.size();
        while (retainedEntries > HISTORY_BUDGET && retainedHistories.size() > 1) {
            ResponseRecord old = retainedHistories.removeFirst();
            retainedEntries -= old.history.size();
            old.history = null;
        }
        for (OutputItem oi : items) {
            JsonNode item = oi.item();
            if (item == null || !item.isObject()) continue;
            String id = Items.str(item, "id");
            List<String> ids = oi.ids(); // every id it carried (streams may rotate them)
            if (Items.isAssistantMessage(item)) {
                OutputMessage om = new OutputMessage(id, ids, Items.text(item), Items.phaseNode(item), record,
                        messages.size(), oi.pointer());
                messages.add(om);
                for (String each : ids) byId.computeIfAbsent(each, x -> new ArrayList<>(1)).add(om);
                byText.computeIfAbsent(om.textHash, x -> new ArrayList<>(1)).add(om);
            }
            for (String each : ids) byItemId.put(each, record);
            String callId = Items.str(item, "call_id");
            if (callId != null) byCallId.put(callId, record);
        }
        record.outputSize = items.size();
        if (responseId != null) byResponseId.put(responseId, record);
        if (messages.size() >= 2) multiMessage.add(record);
    }
}
