package dev.phasecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} stops every process the client started — children it left behind, and children that
 * left its session and were re-parented — when the client exits, at {@code --timeout}, and when
 * phasecheck itself gets SIGTERM.
 */
class RunStopsClientTest {
    @TempDir
    Path dir;

    /** Every pid the client wrote, killed afterwards whatever happened, so that a failing test leaves nothing behind. */
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(f).strip()));
            }
        }
        for (long pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    static boolean hasSetsid() {
        return Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));
    }

    /**
     * A client that starts a plain background sleep and one in a new session whose parent exits at once
     * (so it is orphaned and re-parented right away), writes their pids, then runs {@code tail}.
     */
    private Path client(String tail) throws Exception {
        Path script = dir.resolve("client.sh");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "d=\"$1\"",
                "echo $$ > \"$d/main.pid\"",
                "sleep 300 &",
                "echo $! > \"$d/plain.pid.tmp\" && mv \"$d/plain.pid.tmp\" \"$d/plain.pid\"",
                // a subshell that exits at once: the setsid'd sleep is orphaned and left the session too
                "( setsid sh -c 'echo $$ > \"$0/setsid.pid.tmp\" && mv \"$0/setsid.pid.tmp\" \"$0/setsid.pid\"; exec sleep 300' \"$d\" & )",
                "n=0",
                "while [ ! -s \"$d/setsid.pid\" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n+1)); done",
                tail,
                ""));
        return script;
    }

    private long pid(String name) throws Exception {
        long pid = Long.parseLong(Files.readString(dir.resolve(name)).strip());
        pids.add(pid);
        return pid;
    }

    /** Whether the process runs: present, alive, and (where /proc says) not a zombie waiting to be reaped. */
    private static boolean alive(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) return false;
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (Exception gone) {
            return ProcessHandle.of(pid).isPresent();
        }
    }

    private void assertAllStopped(String... names) throws Exception {
        for (String name : names) {
            long pid = pid(name);
            assertFalse(alive(pid), name.replace(".pid", "") + " process " + pid + " is still running");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void childrenTheClientLeftBehindAreStoppedWhenItExits() throws Exception {
        assumeTrue(hasSetsid(), "setsid is needed");
        Path script = client("exit 0");
        long t0 = System.nanoTime();
        CliTest.Run r = CliTest.run("run", "--scenario", "tool-loop", "--", "sh", script.toString(), dir.toString());
        assertTrue((System.nanoTime() - t0) / 1_000_000_000 < 30, "run returned without waiting for the sleeps");
        assertTrue(Files.exists(dir.resolve("setsid.pid")), "the client started both sleeps: " + r.err());
        assertAllStopped("plain.pid", "setsid.pid");
        assertTrue(r.err().contains("left 2 processes running; stopped them"), r.err());
        assertEquals(1, r.code(), "the client sent nothing: " + r.err());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theWholeTreeIsStoppedAtTheTimeout() throws Exception {
        assumeTrue(hasSetsid(), "setsid is needed");
        Path script = client("sleep 300");
        long t0 = System.nanoTime();
        CliTest.Run r = CliTest.run("run", "--scenario", "tool-loop", "--timeout", "2", "--",
                "sh", script.toString(), dir.toString());
        assertTrue((System.nanoTime() - t0) / 1_000_000_000 < 30, "stopped at its timeout");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("did not finish within 2 s"), r.err());
        assertAllStopped("main.pid", "plain.pid", "setsid.pid");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void sigtermToPhasecheckStopsTheWholeTree() throws Exception {
        assumeTrue(hasSetsid(), "setsid is needed");
        Path script = client("sleep 300");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--scenario", "tool-loop", "--", "sh", script.toString(), dir.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("phasecheck.log").toFile());
        Process phasecheck = pb.start();
        try {
            Path ready = dir.resolve("setsid.pid");
            for (int i = 0; i < 600 && !Files.exists(ready) && phasecheck.isAlive(); i++) Thread.sleep(50);
            assertTrue(Files.exists(ready), "the client started: " + log());
            long plain = pid("plain.pid");
            long main = pid("main.pid");
            assertTrue(alive(plain) && alive(main), "the client is running");
            phasecheck.destroy(); // SIGTERM, as a CI runner cancelling the job sends
            assertTrue(phasecheck.waitFor(30, TimeUnit.SECONDS), "phasecheck exited on SIGTERM");
            assertAllStopped("main.pid", "plain.pid", "setsid.pid");
            assertTrue(log().contains("stopped by a signal"), log());
        } finally {
            phasecheck.destroyForcibly();
        }
    }

    private String log() throws Exception {
        File f = dir.resolve("phasecheck.log").toFile();
        return f.exists() ? Files.readString(f.toPath()) : "";
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theTreeIsFoundByItsCookieAfterTheClientExited() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc")) && hasSetsid(), "/proc and setsid are needed");
        Path script = client("exit 0");
        ProcessTree tree = ProcessTree.start(new ProcessBuilder("sh", script.toString(), dir.toString()), null);
        try {
            assertTrue(tree.waitFor(java.time.Duration.ofSeconds(20)));
            long plain = pid("plain.pid");
            long setsid = pid("setsid.pid");
            assertTrue(alive(plain) && alive(setsid), "both sleeps outlive the client");
            List<Long> found = tree.members().stream().map(ProcessHandle::pid).toList();
            assertTrue(found.contains(plain) && found.contains(setsid), "re-parented, yet found: " + found);
            assertFalse(found.contains(ProcessHandle.current().pid()), "never phasecheck itself");
            assertEquals(2, tree.stop());
            assertFalse(alive(plain) || alive(setsid));
            assertTrue(tree.members().isEmpty());
        } finally {
            tree.close();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void whatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        Path script = dir.resolve("stubborn.sh");
        // an ignored signal stays ignored in the children: neither the shell nor its sleep stops on SIGTERM
        Files.writeString(script, "trap '' TERM\necho $$ > \"$1/main.pid\"\nsleep 300 &\n"
                + "echo $! > \"$1/plain.pid.tmp\" && mv \"$1/plain.pid.tmp\" \"$1/plain.pid\"\nwait\n");
        ProcessTree tree = ProcessTree.start(new ProcessBuilder("sh", script.toString(), dir.toString()), null);
        try {
            for (int i = 0; i < 200 && !Files.exists(dir.resolve("plain.pid")); i++) Thread.sleep(50);
            long main = pid("main.pid");
            long plain = pid("plain.pid");
            long t0 = System.nanoTime();
            assertEquals(2, tree.stop());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= ProcessTree.GRACE.toMillis() - 100, "SIGKILL only after the grace: " + ms + " ms");
            assertFalse(alive(main) || alive(plain), "killed");
        } finally {
            tree.close();
        }
    }
}
