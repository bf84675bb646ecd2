package dev.phasecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** scenarios, serve and run, as a user runs them. */
class SimulatorCliTest {
    @TempDir
    Path dir;

    static String client() {
        return CliTest.fixtures().resolve("clients").resolve("python_agent.py").toString();
    }

    static boolean hasPython() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void scenariosListsTheBuiltInsAndTheirFaults() {
        CliTest.Run r = CliTest.run("scenarios");
        assertEquals(0, r.code());
        assertEquals(7, r.out().lines().filter(l -> !l.startsWith(" ")).count(), r.out());
        assertTrue(r.out().contains("long-horizon") && r.out().contains("13 turns"), r.out());
        assertTrue(r.out().contains("flaky-stream"), r.out());
        assertTrue(r.out().contains("fault on turn 1: stream cut after 10 events (JSON: HTTP 500), then retry"), r.out());
        assertTrue(r.out().contains("fault on turn 2: HTTP 429 (retry-after 0), then retry"), r.out());
    }

    @Test
    void runServesAWholeSuiteOfParallelClientsEachJudgedInItsOwnConversation() throws Exception {
        assumeTrue(hasPython(), "python3 is needed for the example client");
        String c = client();
        String suite = "python3 " + c + " & python3 " + c + " --stream & python3 " + c + " --drop-phase & python3 " + c
                + " --stream & wait";
        Path json = dir.resolve("suite.json");
        CliTest.Run r = CliTest.run("run", "--scenario", "tool-loop", "--report", "json=" + json, "--", "sh", "-c", suite);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("phasecheck run: 4 conversations served, 4 completed their script (3 turns)"), r.err());
        assertFalse(r.out().contains("[scenario-exhausted]"), r.out());
        JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
        long dropped = 0;
        for (JsonNode f : report.get("findings")) {
            if (f.path("severity").asString().equals("error")) {
                assertEquals("phase-dropped", f.path("rule").asString(), f.toString());
                dropped++;
            }
        }
        assertTrue(dropped >= 1, "the faulty client is caught, and nothing of the three conformant ones is: " + report);
    }

    @Test
    void aClientThatLoopsPastTheScriptFailsTheRun() throws Exception {
        assumeTrue(hasPython(), "python3 is needed for the example client");
        CliTest.Run r = CliTest.run("run", "--scenario", "tool-loop", "--", "python3", client(), "--turns", "5");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("[scenario-exhausted]"), r.out());
    }

    @Test
    void runWithAConformantAndAFaultyClientInAnotherLanguage() throws Exception {
        assumeTrue(hasPython(), "python3 is needed for the example client");
        CliTest.Run ok = CliTest.run("run", "--scenario", "tool-loop", "--", "python3", client());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("turn 3: 1 items"), "the client's output passes through: " + ok.out());
        Path record = dir.resolve("run.jsonl");
        Path json = dir.resolve("report.json");
        CliTest.Run bad = CliTest.run("run", "--scenario", "tool-loop", "--record", record.toString(),
                "--report", "json=" + json, "--", "python3", client(), "--drop-phase", "--stream");
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("[phase-dropped]"), bad.out());
        // the recorded journal lints to the same findings
        CliTest.Run again = CliTest.run("lint", "-f", "json", record.toString());
        JsonNode live = JsonMapper.builder().build().readTree(json.toFile());
        JsonNode later = JsonMapper.builder().build().readTree(again.out());
        assertEquals(live.get("findings"), later.get("findings"));
        assertEquals(3, later.path("summary").path("exchanges").asInt());
    }

    @Test
    void runSaysWhenTheCommandFailsOrHangs() {
        CliTest.Run failed = CliTest.run("run", "--scenario", "chat-follow-up", "--", "sh", "-c", "echo hello; exit 3");
        assertEquals(1, failed.code());
        assertTrue(failed.out().contains("hello"), "client output passes through");
        assertTrue(failed.err().contains("exited with status 3"), failed.err());
        assertTrue(failed.err().contains("sent nothing to the simulated server"), failed.err());
        long t0 = System.nanoTime();
        CliTest.Run hung = CliTest.run("run", "--scenario", "chat-follow-up", "--timeout", "1", "--", "sleep", "30");
        assertEquals(1, hung.code());
        assertTrue(hung.err().contains("did not finish within 1 s"), hung.err());
        assertTrue((System.nanoTime() - t0) / 1_000_000_000 < 20, "stopped at its timeout");
        CliTest.Run missing = CliTest.run("run", "--scenario", "chat-follow-up", "--", "no-such-command-xyz");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("cannot run"), missing.err());
    }

    @Test
    void aClientThatSentNothingFailsTheRunSayingNothingWasTested() throws Exception {
        CliTest.Run r = CliTest.run("run", "--scenario", "tool-loop", "--", "true");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("phasecheck run: the client sent nothing to the simulated server at http://127.0.0.1:"),
                r.err());
        assertTrue(r.err().contains("so nothing was tested"), r.err());
        String summary = r.out().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(summary.startsWith("1 file, 0 exchanges: 0 errors, 0 warnings, "), summary);
        assertTrue(summary.endsWith(" info; nothing was tested: the client sent no request to the simulated server"), summary);
        // --fail-on never is about findings: a run that tested nothing still fails
        CliTest.Run never = CliTest.run("run", "--scenario", "tool-loop", "--fail-on", "never", "--", "true");
        assertEquals(1, never.code(), never.err());
        // with the report in a file, the one-line summary on stdout says it too
        Path json = dir.resolve("nothing.json");
        CliTest.Run files = CliTest.run("run", "--scenario", "tool-loop", "-o", json.toString(), "-f", "json", "--", "true");
        assertEquals(1, files.code());
        assertTrue(files.out().strip().startsWith("1 file, 0 exchanges: ") && files.out().strip().endsWith(" info; " + RunCommand.NOTHING_TESTED), files.out());
        assertEquals(0, JsonMapper.builder().build().readTree(json.toFile()).path("summary").path("exchanges").asInt());
    }

    @Test
    void theSimulatorWarnsWhenItListensBeyondLoopback() {
        CliTest.Run open = CliTest.run("serve", "--scenario", "chat-follow-up", "--host", "0.0.0.0", "--duration", "1");
        assertEquals(0, open.code(), open.err());
        long warnings = open.err().lines().filter(l -> l.contains("reachable from the network")).count();
        assertEquals(1, warnings, open.err());
        assertTrue(open.err().contains("phasecheck serve: warning: listening on 0.0.0.0:"), open.err());
        assertTrue(open.err().contains("serves a dummy API"), open.err());
        CliTest.Run local = CliTest.run("serve", "--scenario", "chat-follow-up", "--host", "127.0.0.1", "--duration", "1");
        assertEquals(0, local.code(), local.err());
        assertFalse(local.err().contains("reachable from the network"), local.err());
        CliTest.Run run = CliTest.run("run", "--scenario", "chat-follow-up", "--host", "0.0.0.0", "--", "true");
        assertTrue(run.err().contains("phasecheck run: warning: listening on 0.0.0.0:"), run.err());
    }

    @Test
    void onlyLoopbackAddressesAndLocalhostCountAsLoopback() {
        for (String h : new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "0:0:0:0:0:0:0:1"}) {
            assertTrue(ServerOptions.isLoopback(h), h);
        }
        for (String h : new String[] {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "my-laptop", "", "128.0.0.1"}) {
            assertFalse(ServerOptions.isLoopback(h), h);
        }
    }

    @Test
    void aHostThatCannotBeBoundIsAUsageError() {
        CliTest.Run r = CliTest.run("serve", "--scenario", "chat-follow-up", "--host", "no-such-host.invalid", "--duration", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("cannot start the server on no-such-host.invalid"), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void badScenariosAreUsageErrorsNamingTheField() throws Exception {
        CliTest.Run unknown = CliTest.run("run", "--scenario", "no-such", "--", "true");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("not a built-in id"), unknown.err());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "id: bad\nmodel: gpt-5.4\nresponses:\n  - output:\n      - {type: function_call, name: x}\n");
        CliTest.Run invalid = CliTest.run("serve", "--scenario", bad.toString(), "--duration", "1");
        assertEquals(2, invalid.code());
        assertTrue(invalid.err().contains("/responses/0/output/0"), invalid.err());
    }

    @Test
    void serveRunsUntilStoppedThenLints() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int p = port;
        CompletableFuture<CliTest.Run> serving = CompletableFuture.supplyAsync(() ->
                CliTest.run("serve", "--scenario", "chat-follow-up", "--port", String.valueOf(p), "--duration", "4", "-f", "json"));
        HttpClient http = HttpClient.newHttpClient();
        int status = 0;
        for (int i = 0; i < 40 && status == 0; i++) {
            try {
                status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/v1/responses"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-5.4\",\"input\":[{\"role\":\"user\",\"content\":\"hi\",\"phase\":\"final_answer\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        assertEquals(200, status);
        CliTest.Run r = serving.get();
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("export OPENAI_BASE_URL=http://127.0.0.1:" + p + "/v1"), r.err());
        JsonNode report = JsonMapper.builder().build().readTree(r.out());
        boolean phaseRole = false;
        for (JsonNode f : report.path("findings")) phaseRole |= f.path("rule").asString().equals("phase-role");
        assertTrue(phaseRole, report.toString());
        assertEquals(1, report.path("summary").path("exchanges").asInt());
    }
}
