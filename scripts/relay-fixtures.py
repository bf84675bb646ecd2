#!/usr/bin/env python3
"""Writes the paired fixtures of the relay rules (fixtures/rules/relay-*/NAME/{client,upstream}.jsonl)
and the probe-replay-rejected fixtures. Run from the repository root; the output is deterministic.
The .expected sidecars are kept by hand next to each pair directory."""
import copy, json, os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "rules")
MODEL = "gpt-5.4"

def msg(id_, phase, text):
    m = {"id": id_, "type": "message", "role": "assistant", "status": "completed",
         "content": [{"type": "output_text", "text": text, "annotations": []}]}
    if phase is not None:
        m["phase"] = phase
    return m

OUT = [msg("msg_1", "commentary", "I'll start by analyzing the auth module."),
       msg("msg_2", "final_answer", "Here's the refactored code.")]
USER1 = {"role": "user", "content": "Refactor the auth module (conversation c1)"}
USER2 = {"role": "user", "content": "Thanks. Next, please."}
OUT2 = [msg("msg_3", "final_answer", "Tests added.")]

def response(rid, output):
    return {"id": rid, "object": "response", "model": MODEL, "status": "completed", "output": output}

def sse(rid, output):
    events = [{"type": "response.created", "response": {"id": rid, "object": "response", "model": MODEL,
                                                          "status": "in_progress", "output": []}}]
    for i, item in enumerate(output):
        added = copy.deepcopy(item)
        added["status"] = "in_progress"
        added["content"] = []
        events.append({"type": "response.output_item.added", "output_index": i, "item": added})
        events.append({"type": "response.output_item.done", "output_index": i, "item": item})
    events.append({"type": "response.completed", "response": response(rid, output)})
    out = ""
    for n, e in enumerate(events):
        e = dict(e, sequence_number=n)
        out += "event: " + e["type"] + "\ndata: " + json.dumps(e, separators=(",", ":")) + "\n\n"
    return out

def request(inp):
    return {"model": MODEL, "input": inp, "store": False, "metadata": {"phasecheck_conversation": "c1"}}

def ex(turn, req, out, stream, url="/v1/responses", rid=None):
    e = {"url": url, "conversation": "c1", "turn": turn, "request": req, "status": 200}
    if stream:
        e["request"] = dict(req, stream=True)
        e["response_sse"] = sse(rid, out)
    else:
        e["response"] = response(rid, out)
    return e

def write(rule, name, client, upstream):
    d = os.path.join(ROOT, rule, name)
    os.makedirs(d, exist_ok=True)
    for fname, leg in (("client.jsonl", client), ("upstream.jsonl", upstream)):
        with open(os.path.join(d, fname), "w") as f:
            for e in leg:
                f.write(json.dumps(e, separators=(",", ":")) + "\n")

def strip(items):
    out = copy.deepcopy(items)
    for i in out:
        i.pop("phase", None)
    return out

def faithful(stream):
    t1 = [USER1] + OUT + [USER2]
    legs = [ex(0, request([USER1]), OUT, stream, rid="resp_1"), ex(1, request(t1), OUT2, stream, rid="resp_2")]
    return legs, copy.deepcopy(legs)

for rule in ("relay-phase-dropped", "relay-phase-altered", "relay-item-dropped"):
    c, u = faithful(False)
    write(rule, "pass-faithful-json", c, u)
    c, u = faithful(True)
    write(rule, "pass-faithful-stream", c, u)

# relay-phase-dropped
c, u = faithful(False)
c[0]["response"]["output"] = strip(OUT)
c[1]["request"]["input"] = [USER1] + strip(OUT) + [USER2]
u[1]["request"]["input"] = [USER1] + strip(OUT) + [USER2]
write("relay-phase-dropped", "fail-to-client-json", c, u)
c, u = faithful(True)
# a proxy that keeps phase in the terminal output but strips it from output_item.done
c[0]["response_sse"] = c[0]["response_sse"].replace('"output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":"I\'ll start by analyzing the auth module.","annotations":[]}],"phase":"commentary"}',
                                                    '"output_index":0,"item":{"id":"msg_1","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":"I\'ll start by analyzing the auth module.","annotations":[]}]}')
assert c[0]["response_sse"] != u[0]["response_sse"]
write("relay-phase-dropped", "fail-to-client-stream-done-event", c, u)
c, u = faithful(False)
u[1]["request"]["input"] = [USER1] + strip(OUT) + [USER2]
c.append(ex(2, request([USER1] + OUT + [USER2] + OUT2 + [USER2]), [msg("msg_4", "final_answer", "Done.")], False, rid="resp_3"))
u.append(copy.deepcopy(c[2]))
u[2]["request"]["input"] = [USER1] + strip(OUT) + [USER2] + strip(OUT2) + [USER2]
write("relay-phase-dropped", "fail-to-upstream-repeated", c, u)
c, u = faithful(False)
u[1]["url"] = "/v1/chat/completions"
u[1]["request"] = {"model": MODEL, "messages": [{"role": "user", "content": USER1["content"]},
                                               {"role": "assistant", "content": OUT[0]["content"][0]["text"]},
                                               {"role": "assistant", "content": OUT[1]["content"][0]["text"]},
                                               {"role": "user", "content": USER2["content"]}]}
u[1].pop("response")
u[1]["response"] = {"id": "chatcmpl_1", "object": "chat.completion", "model": MODEL,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Tests added."}, "finish_reason": "stop"}]}
write("relay-phase-dropped", "fail-to-upstream-chat-completions", c, u)

# relay-phase-altered
c, u = faithful(False)
relabelled = copy.deepcopy(OUT)
relabelled[0]["phase"] = "final_answer"
u[1]["request"]["input"] = [USER1] + relabelled + [USER2]
write("relay-phase-altered", "fail-to-upstream-relabelled-final", c, u)
c, u = faithful(False)
u[1]["request"]["input"] = [dict(USER1, phase="commentary")] + OUT + [dict(USER2, phase="commentary")]
write("relay-phase-altered", "fail-to-upstream-user-phase", c, u)
c, u = faithful(True)
c[0]["response_sse"] = c[0]["response_sse"].replace('"phase":"commentary"', '"phase":"final_answer"')
write("relay-phase-altered", "fail-to-client-stream", c, u)

# relay-item-dropped
c, u = faithful(False)
c[0]["response"]["output"] = [OUT[1]]
c[1]["request"]["input"] = [USER1, OUT[1], USER2]
u[1]["request"]["input"] = [USER1, OUT[1], USER2]
write("relay-item-dropped", "fail-to-client-commentary", c, u)
c, u = faithful(False)
u[1]["request"]["input"] = [USER1, OUT[1], USER2]
write("relay-item-dropped", "fail-to-upstream-commentary", c, u)
c, u = faithful(False)
u[1]["request"] = dict(u[1]["request"], input=[USER2], previous_response_id="resp_1")
write("relay-item-dropped", "pass-previous-response-id", c, u)

# probe-replay-rejected (single transcripts: a probe's recording)
def probe_req(inp, marker=True):
    r = {"model": MODEL, "input": inp, "store": False, "metadata": {"phasecheck_conversation": "probe-json"}}
    if marker:
        r["metadata"]["phasecheck_probe"] = "true"
    return r

def write_jsonl(rule, name, lines):
    d = os.path.join(ROOT, rule)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "w") as f:
        for e in lines:
            f.write(json.dumps(e, separators=(",", ":")) + "\n")

first = {"url": "https://llm.example.com/v1/responses", "status": 200, "request": probe_req([USER1]), "response": response("resp_1", OUT)}
err = {"error": {"message": "Unknown parameter: 'input[1].phase'.", "type": "invalid_request_error", "param": "input[1].phase", "code": "unknown_parameter"}}
write_jsonl("probe-replay-rejected", "fail-unknown-parameter.jsonl",
            [first, {"url": "https://llm.example.com/v1/responses", "status": 400, "request": probe_req([USER1] + OUT + [USER2]), "response": err}])
write_jsonl("probe-replay-rejected", "pass-accepted.jsonl",
            [first, {"url": "https://llm.example.com/v1/responses", "status": 200, "request": probe_req([USER1] + OUT + [USER2]), "response": response("resp_2", OUT2)}])
nf = copy.deepcopy(first)
nf["request"] = probe_req([USER1], marker=False)
write_jsonl("probe-replay-rejected", "pass-not-a-probe.jsonl",
            [nf, {"url": "https://llm.example.com/v1/responses", "status": 400, "request": probe_req([USER1] + OUT + [USER2], marker=False), "response": err}])
