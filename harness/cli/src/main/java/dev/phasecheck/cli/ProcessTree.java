package dev.phasecheck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A command phasecheck starts, together with every process it starts in turn, so that all of them
 * can be stopped when phasecheck is done with it — normally, on a timeout, or when phasecheck itself
 * is stopped by a signal (a shutdown hook).
 *
 * <p>{@link ProcessHandle#descendants()} only finds processes whose parent chain still leads to the
 * command: a child that was orphaned (its parent exited, or it double-forked to daemonize, or left
 * with {@code setsid}) is re-parented and no longer found. So the command gets a random cookie in
 * its environment ({@value #COOKIE}), which its children inherit, and stopping also stops every
 * process whose {@code /proc/PID/environ} carries the cookie (what Jenkins' ProcessTreeKiller does).
 * Where there is no {@code /proc}, it falls back to the descendants, also remembered while the command
 * runs. A process that cleared its environment and left the tree cannot be found.
 *
 * <p>Stopping sends SIGTERM to all of them, waits a short grace period, then SIGKILLs what is left.
 */
final class ProcessTree implements AutoCloseable {
    /** The environment variable carrying the cookie; a nested run appends its own, comma separated. */
    static final String COOKIE = "PHASECHECK_RUN_COOKIE";
    /** How long processes get to exit after SIGTERM before they are killed. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MS = 50;
    private static final long WATCH_MS = 500;
    private static final Path PROC = Path.of("/proc");

    private final String cookie;
    private final Thread hook;
    private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    private volatile Process process;

    private ProcessTree(String cookie, Runnable onSignal) {
        this.cookie = cookie;
        this.hook = new Thread(() -> {
            try {
                if (onSignal != null) onSignal.run();
            } finally {
                stop();
            }
        }, "phasecheck-stop-client");
    }

    /**
     * Starts the command with the cookie in its environment. Until {@link #close()}, a shutdown hook
     * stops the whole tree when the JVM exits (SIGINT, SIGTERM, System.exit).
     *
     * @param onSignal run by the shutdown hook before it stops the tree (say what happens), or null
     */
    static ProcessTree start(ProcessBuilder pb, Runnable onSignal) throws IOException {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        ProcessTree tree = new ProcessTree(HexFormat.of().formatHex(random), onSignal);
        String outer = pb.environment().get(COOKIE);
        pb.environment().put(COOKIE, outer == null || outer.isBlank() ? tree.cookie : outer + "," + tree.cookie);
        // the hook goes in first: a signal between start() and its registration would leave the command running
        Runtime.getRuntime().addShutdownHook(tree.hook);
        try {
            tree.process = pb.start();
        } catch (IOException | RuntimeException e) {
            tree.removeHook();
            throw e;
        }
        return tree;
    }

    Process process() {
        return process;
    }

    /** The cookie given to the command (its value of {@value #COOKIE} ends with it). */
    String cookie() {
        return cookie;
    }

    /** Waits up to the timeout for the command itself to exit; true when it did. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            remember();
            long left = deadline - System.nanoTime();
            if (left <= 0) return !process.isAlive();
            if (process.waitFor(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, WATCH_MS), TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
    }

    /**
     * Stops the command, if it still runs, and every process it started: SIGTERM, up to {@link #GRACE},
     * then SIGKILL. Safe to call more than once and from several threads.
     *
     * @return how many processes were signalled (the command included)
     */
    synchronized int stop() {
        // what was signalled stays watched: a dying process's environ is unreadable before it is gone
        Map<Long, ProcessHandle> signalled = new LinkedHashMap<>();
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (true) {
            Set<ProcessHandle> alive = alive(signalled);
            if (alive.isEmpty()) return signalled.size();
            for (ProcessHandle h : alive) {
                if (signalled.putIfAbsent(h.pid(), h) == null) h.destroy();
            }
            if (System.nanoTime() >= deadline || !pause()) break;
        }
        deadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (true) {
            Set<ProcessHandle> alive = alive(signalled);
            if (alive.isEmpty()) break;
            for (ProcessHandle h : alive) {
                signalled.putIfAbsent(h.pid(), h);
                h.destroyForcibly();
            }
            if (System.nanoTime() >= deadline || !pause()) break;
        }
        return signalled.size();
    }

    private Set<ProcessHandle> alive(Map<Long, ProcessHandle> signalled) {
        Set<ProcessHandle> alive = members();
        for (ProcessHandle h : signalled.values()) {
            if (running(h)) alive.add(h);
        }
        return alive;
    }

    /** Stops the tree and removes the shutdown hook. */
    @Override
    public void close() {
        stop();
        removeHook();
    }

    /** Every live process of the tree, found now. */
    synchronized Set<ProcessHandle> members() {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        long self = ProcessHandle.current().pid();
        Process p = process;
        if (p != null) {
            ProcessHandle root = p.toHandle();
            found.add(root);
            root.descendants().forEach(found::add);
        }
        seen.values().forEach(found::add);
        if (Files.isDirectory(PROC)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
                for (Path dir : dirs) {
                    long pid = pid(dir.getFileName().toString());
                    if (pid <= 0 || pid == self) continue;
                    // the handle first: should the pid be reused meanwhile, destroy() checks the start time
                    ProcessHandle h = ProcessHandle.of(pid).orElse(null);
                    if (h == null || !carriesCookie(dir.resolve("environ"))) continue;
                    found.add(h);
                    h.descendants().forEach(found::add);
                }
            } catch (IOException | RuntimeException e) {
                // /proc vanished or is unreadable: the descendants found above are all there is
            }
        }
        found.removeIf(h -> h.pid() == self || !running(h));
        return found;
    }

    /** Notes the command's current descendants, so that those orphaned later are still known without /proc. */
    private synchronized void remember() {
        seen.values().removeIf(h -> !running(h));
        Process p = process;
        if (p != null) p.descendants().forEach(h -> seen.putIfAbsent(h.pid(), h));
    }

    /**
     * Whether the process still runs. {@link ProcessHandle#isAlive()} is true for a zombie (a process
     * that exited and waits to be reaped, which an orphan's new parent may take a while to do, or never
     * do in a container), so on Linux the state in {@code /proc/PID/stat} decides.
     */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) return false;
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(h.pid())).resolve("stat"), StandardCharsets.ISO_8859_1);
            int end = stat.lastIndexOf(')'); // the command name in parentheses may hold anything
            if (end < 0 || end + 2 >= stat.length()) return true;
            char state = stat.charAt(end + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return h.isAlive(); // no /proc, or it just went away
        }
    }

    /** Whether a process's initial environment holds this tree's cookie. */
    private boolean carriesCookie(Path environ) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException | RuntimeException e) {
            return false; // another user's process, or it just exited
        }
        String prefix = COOKIE + "=";
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                String entry = new String(env, start, i - start, StandardCharsets.ISO_8859_1);
                if (entry.startsWith(prefix)) {
                    for (String c : entry.substring(prefix.length()).split(",")) {
                        if (c.equals(cookie)) return true;
                    }
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static long pid(String name) {
        if (name.isEmpty() || name.length() > 18) return -1;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') return -1;
        }
        return Long.parseLong(name);
    }

    private static boolean pause() {
        try {
            Thread.sleep(POLL_MS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook is running or has run
        }
    }

    /** Copies a child's output to {@code to}, line by line, on a daemon thread named {@code name}. */
    static Thread pump(java.io.InputStream in, java.io.PrintWriter to, String name) {
        Thread t = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (to) {
                        to.println(line);
                        to.flush();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child went away; what it wrote so far was passed on
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
