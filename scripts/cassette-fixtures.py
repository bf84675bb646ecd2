#!/usr/bin/env python3
"""Writes fixtures/cassettes/: one two-turn Responses conversation per file, in each recording tool's own output
shape (vcrpy, pydantic-ai parsed_body, Ruby VCR YAML/JSON, go-vcr version 2, httprr). Usage: scripts/cassette-fixtures.py fixtures/cassettes
Needs PyYAML (the serializer vcrpy and pydantic-ai use)."""
import base64, copy, gzip, io, json, os, sys

import yaml

TOOLS = [{"type": "function", "name": "run_command", "description": "Run a shell command in the repository",
          "parameters": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"],
                         "additionalProperties": False}, "strict": True}]

def conversation(tag, keep_phase=True):
    """(request1, response1, request2, response2) for one test; ids carry the tag."""
    dev = {"role": "developer", "content": "You are a careful coding agent. Use run_command to inspect the repository."}
    user = {"role": "user", "content": "The test tests/test_cache.py::test_expiry is flaky. Find out why and fix it."}
    req1 = {"model": "gpt-5.4", "input": [dev, user], "tools": TOOLS, "store": False,
            "include": ["reasoning.encrypted_content"], "parallel_tool_calls": False}
    reasoning = {"id": f"rs_{tag}1", "type": "reasoning", "summary": [],
                 "encrypted_content": "gAAAAABpK3v2Qm9yZXN0X2VuY3J5cHRlZF9yZWFzb25pbmdfYmxvYl9mb3JfdGVzdHM="}
    commentary = {"id": f"msg_{tag}1", "type": "message", "status": "completed",
                  "content": [{"type": "output_text", "annotations": [], "logprobs": [],
                               "text": "I'll run the flaky test a few times to see how it fails."}],
                  "role": "assistant", "phase": "commentary"}
    call = {"id": f"fc_{tag}1", "type": "function_call", "status": "completed",
            "arguments": "{\"command\":\"pytest tests/test_cache.py::test_expiry -x --count 5\"}",
            "call_id": f"call_{tag}1", "name": "run_command"}
    resp1 = response(f"resp_{tag}1", 1764580001, [reasoning, commentary, call], 412, 96)
    replayed = copy.deepcopy(commentary)
    if not keep_phase:
        # the client rebuilt the assistant message from its own history model and lost phase
        del replayed["phase"]
    out = {"type": "function_call_output", "call_id": f"call_{tag}1",
           "output": "FAILED tests/test_cache.py::test_expiry - assert 0.9990001 >= 1.0 (3 of 5 runs)"}
    req2 = dict(req1, input=[dev, user, copy.deepcopy(reasoning), replayed, copy.deepcopy(call), out])
    final = {"id": f"msg_{tag}2", "type": "message", "status": "completed",
             "content": [{"type": "output_text", "annotations": [], "logprobs": [],
                          "text": "The test compared wall-clock times; it now uses a frozen clock, so the expiry check is exact."}],
             "role": "assistant", "phase": "final_answer"}
    resp2 = response(f"resp_{tag}2", 1764580007, [final], 655, 41)
    return req1, resp1, req2, resp2

def response(rid, created, output, inp, outp):
    return {"id": rid, "object": "response", "created_at": created, "status": "completed", "background": False,
            "error": None, "incomplete_details": None, "instructions": None, "max_output_tokens": None,
            "model": "gpt-5.4-2026-03-05", "output": output, "parallel_tool_calls": False,
            "previous_response_id": None, "reasoning": {"effort": "medium", "summary": None}, "store": False,
            "temperature": 1.0, "text": {"format": {"type": "text"}, "verbosity": "medium"}, "tool_choice": "auto",
            "tools": TOOLS, "top_p": 1.0, "truncation": "disabled",
            "usage": {"input_tokens": inp, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": outp,
                      "output_tokens_details": {"reasoning_tokens": 64}, "total_tokens": inp + outp},
            "user": None, "metadata": {}}

def compact(obj):
    return json.dumps(obj, separators=(",", ":"))

def sse(resp):
    """The event stream of a streamed response (the real event order, abridged to the item events)."""
    events = []
    seq = 0
    def ev(t, **data):
        nonlocal seq
        d = {"type": t, "sequence_number": seq, **data}
        seq += 1
        events.append(f"event: {t}\ndata: {compact(d)}\n\n")
    shell = dict(resp, status="in_progress", output=[], usage=None)
    ev("response.created", response=shell)
    ev("response.in_progress", response=shell)
    for i, item in enumerate(resp["output"]):
        added = dict(item, status="in_progress")
        if item["type"] == "message":
            added["content"] = []
        ev("response.output_item.added", output_index=i, item=added)
        if item["type"] == "message":
            text = item["content"][0]["text"]
            ev("response.content_part.added", item_id=item["id"], output_index=i, content_index=0,
               part={"type": "output_text", "annotations": [], "logprobs": [], "text": ""})
            for k in range(0, len(text), 24):
                ev("response.output_text.delta", item_id=item["id"], output_index=i, content_index=0,
                   delta=text[k:k + 24], logprobs=[])
            ev("response.output_text.done", item_id=item["id"], output_index=i, content_index=0, text=text, logprobs=[])
            ev("response.content_part.done", item_id=item["id"], output_index=i, content_index=0, part=item["content"][0])
        ev("response.output_item.done", output_index=i, item=item)
    ev("response.completed", response=resp)
    return "".join(events)


OUT = sys.argv[1]
URL = "https://api.openai.com/v1/responses"

def gz(b):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(b)
    return buf.getvalue()

def w(path, data, mode="w"):
    p = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, mode) as f:
        f.write(data)

REQ_HEADERS = {"Accept": ["application/json"], "Accept-Encoding": ["gzip, deflate"], "Connection": ["keep-alive"],
               "Content-Type": ["application/json"], "Host": ["api.openai.com"], "User-Agent": ["OpenAI/Python 2.8.1"],
               "X-Stainless-Lang": ["python"], "X-Stainless-Package-Version": ["2.8.1"]}
RESP_HEADERS = {"Connection": ["keep-alive"], "Content-Type": ["application/json"],
                "Date": ["Mon, 01 Dec 2026 09:13:21 GMT"], "Server": ["cloudflare"], "Transfer-Encoding": ["chunked"],
                "openai-processing-ms": ["2214"], "openai-version": ["2020-10-01"], "x-request-id": ["req_5f0c2d8e"]}

# ---- vcrpy, default serializer: response bodies as gzip bytes (!!binary), as recorded through urllib3/requests
def vcrpy(tag, keep):
    r1, s1, r2, s2 = conversation(tag, keep)
    inter = []
    for rq, rs in ((r1, s1), (r2, s2)):
        inter.append({"request": {"body": compact(rq), "headers": dict(REQ_HEADERS, **{"Content-Length": [str(len(compact(rq)))]}),
                                  "method": "POST", "uri": URL},
                      "response": {"body": {"string": gz(compact(rs).encode())},
                                   "headers": dict(RESP_HEADERS, **{"Content-Encoding": ["gzip"]}),
                                   "status": {"code": 200, "message": "OK"}}})
    return yaml.dump({"interactions": inter, "version": 1}, Dumper=yaml.Dumper)

w("vcrpy/test_agent_fixes_flaky_test_drops_phase.yaml", vcrpy("v", False))

# ---- pydantic-ai's json_body_serializer: lower-cased, filtered headers, JSON bodies as parsed_body YAML
class LiteralDumper(yaml.Dumper):
    pass
def str_presenter(dumper, data):
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)
LiteralDumper.add_representer(str, str_presenter)

def pydantic(tag, keep):
    r1, s1, r2, s2 = conversation(tag, keep)
    inter = []
    for rq, rs in ((r1, s1), (r2, s2)):
        inter.append({"request": {"headers": {"accept": ["application/json"], "accept-encoding": ["gzip, deflate"],
                                               "connection": ["keep-alive"], "content-length": [str(len(compact(rq)))],
                                               "content-type": ["application/json"], "host": ["api.openai.com"]},
                                  "method": "POST", "parsed_body": rq, "uri": URL},
                      "response": {"headers": {"alt-svc": ['h3=":443"; ma=86400'], "connection": ["keep-alive"],
                                               "content-length": [str(len(compact(rs)))],
                                               "content-type": ["application/json"], "openai-organization": ["pydantic-28gund"],
                                               "openai-processing-ms": ["1841"], "openai-version": ["2020-10-01"],
                                               "strict-transport-security": ["max-age=31536000; includeSubDomains; preload"],
                                               "transfer-encoding": ["chunked"]},
                                   "parsed_body": rs, "status": {"code": 200, "message": "OK"}}})
    return yaml.dump({"interactions": inter, "version": 1}, Dumper=LiteralDumper, allow_unicode=True, width=120)

w("vcrpy/test_openai_responses_keeps_phase.yaml", pydantic("p", True))

# ---- Ruby VCR 6: YAML (Psych style, insertion order), and the JSON serializer
def ruby_inter(rq, rs, b64=False):
    body = compact(rs)
    rbody = {"encoding": "ASCII-8BIT", "base64_string": base64.encodebytes(gz(body.encode())).decode()} if b64 \
        else {"encoding": "UTF-8", "string": body}
    rh = {"Date": ["Mon, 01 Dec 2026 09:13:21 GMT"], "Content-Type": ["application/json"], "Transfer-Encoding": ["chunked"],
          "Connection": ["keep-alive"], "Openai-Version": ["2020-10-01"], "Openai-Processing-Ms": ["1702"],
          "X-Request-Id": ["req_8a1b4c"], "Cf-Cache-Status": ["DYNAMIC"], "Server": ["cloudflare"]}
    if b64:
        rh["Content-Encoding"] = ["gzip"]
    return {"request": {"method": "post", "uri": URL, "body": {"encoding": "UTF-8", "string": compact(rq)},
                        "headers": {"User-Agent": ["Faraday v2.13.1"], "Authorization": ["Bearer <OPENAI_API_KEY>"],
                                    "Content-Type": ["application/json"], "Accept-Encoding": ["gzip;q=1.0,deflate;q=0.6,identity;q=0.3"],
                                    "Accept": ["*/*"]}},
            "response": {"status": {"code": 200, "message": "OK"}, "headers": rh, "body": rbody},
            "recorded_at": "Mon, 01 Dec 2026 09:13:21 GMT"}

r1, s1, r2, s2 = conversation("r", False)
doc = {"http_interactions": [ruby_inter(r1, s1), ruby_inter(r2, s2, b64=True)], "recorded_with": "VCR 6.3.1"}
w("ruby-vcr/agent_fixes_flaky_test_drops_phase.yml", "---\n" + yaml.dump(doc, sort_keys=False, width=80))
r1, s1, r2, s2 = conversation("j", True)
w("ruby-vcr/agent_fixes_flaky_test_keeps_phase.json",
  json.dumps({"http_interactions": [ruby_inter(r1, s1), ruby_inter(r2, s2)], "recorded_with": "VCR 6.3.1"}))

# ---- go-vcr v4 (format version 2), go-yaml v3 style: 4-space indents, double-quoted bodies
def go_headers(h, ind):
    s = ""
    for k, vs in h.items():
        s += " " * ind + k + ":\n"
        for v in vs:
            s += " " * (ind + 4) + "- " + json.dumps(v) + "\n"
    return s

def go_inter(i, method, url, body, resp_body, ctype, dur, req_len=None):
    s = f"    - id: {i}\n      request:\n        proto: HTTP/1.1\n        proto_major: 1\n        proto_minor: 1\n"
    s += f"        content_length: {len(body) if body else 0}\n        host: api.openai.com\n"
    s += f"        body: {json.dumps(body)}\n" if body else ""
    s += "        headers:\n" + go_headers({"Accept": ["application/json"], "Content-Type": ["application/json"],
                                             "User-Agent": ["OpenAI/Go 3.8.1"], "X-Stainless-Lang": ["go"]}, 12)
    s += f"        url: {url}\n        method: {method}\n"
    s += "      response:\n        proto: HTTP/2.0\n        proto_major: 2\n        proto_minor: 0\n"
    s += "        content_length: -1\n        uncompressed: true\n"
    s += f"        body: {json.dumps(resp_body)}\n"
    s += "        headers:\n" + go_headers({"Content-Type": [ctype], "Date": ["Mon, 01 Dec 2026 09:13:21 GMT"],
                                             "Openai-Version": ["2020-10-01"], "Server": ["cloudflare"]}, 12)
    s += f"        status: 200 OK\n        code: 200\n        duration: {dur}\n"
    return s

models = json.dumps({"object": "list", "data": [{"id": "gpt-5.4", "object": "model", "created": 1764000000, "owned_by": "system"}]})
def govcr(tag, keep, stream):
    r1, s1, r2, s2 = conversation(tag, keep)
    s = "---\nversion: 2\ninteractions:\n"
    s += go_inter(0, "GET", "https://api.openai.com/v1/models", None, models, "application/json", "212.5ms")
    if stream:
        r1 = dict(r1, stream=True); r2 = dict(r2, stream=True)
        s += go_inter(1, "POST", URL, compact(r1), sse(s1), "text/event-stream; charset=utf-8", "2.918s")
        s += go_inter(2, "POST", URL, compact(r2), sse(s2), "text/event-stream; charset=utf-8", "1.402s")
    else:
        s += go_inter(1, "POST", URL, compact(r1), compact(s1), "application/json", "2.918s")
        s += go_inter(2, "POST", URL, compact(r2), compact(s2), "application/json", "1.402s")
    return s

w("go-vcr/TestAgentDropsPhase.yaml", govcr("g", False, False))
w("go-vcr/TestAgentStreamKeepsPhase.yaml", govcr("s", True, True))

# ---- httprr: WriteProxy requests, Response.Write responses (chunked after Go's transparent gunzip; or gzip kept)
def chunked(b, size=700):
    out = b""
    for k in range(0, len(b), size):
        c = b[k:k + size]
        out += f"{len(c):x}\r\n".encode() + c + b"\r\n"
    return out + b"0\r\n\r\n"

def httprr(tag, keep, gzip_body):
    r1, s1, r2, s2 = conversation(tag, keep)
    out = b"httprr trace v1\n"
    for rq, rs in ((r1, s1), (r2, s2)):
        body = compact(rq).encode()
        req = (f"POST {URL} HTTP/1.1\r\nHost: api.openai.com\r\nUser-Agent: langchaingo-httprr\r\n"
               f"Content-Length: {len(body)}\r\nAccept: application/json\r\nContent-Type: application/json\r\n\r\n").encode() + body
        rb = compact(rs).encode()
        if gzip_body:
            z = gz(rb)
            resp = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n"
                    b"Content-Type: application/json\r\nDate: Mon, 01 Dec 2026 09:13:21 GMT\r\nOpenai-Version: 2020-10-01\r\n\r\n") + chunked(z)
        else:
            resp = (f"HTTP/1.1 200 OK\r\nContent-Length: {len(rb)}\r\nContent-Type: application/json\r\n"
                    f"Date: Mon, 01 Dec 2026 09:13:21 GMT\r\nOpenai-Version: 2020-10-01\r\n\r\n").encode() + rb
        out += f"{len(req)} {len(resp)}\n".encode() + req + resp
    return out

w("httprr/TestAgentDropsPhase.httprr", httprr("h", False, True), "wb")
w("httprr/TestAgentKeepsPhase.httprr", httprr("k", True, False), "wb")
