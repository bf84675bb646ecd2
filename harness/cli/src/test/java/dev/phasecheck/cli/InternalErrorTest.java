package dev.phasecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A bug of phasecheck's own is named as such, on one line, with exit 2: never a bare stack trace. */
class InternalErrorTest {
    @Command(name = "npe")
    static final class ThrowsNpe implements Callable<Integer> {
        @Override
        public Integer call() {
            String s = null;
            return s.length();
        }
    }

    @Command(name = "overflow")
    static final class ThrowsError implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new StackOverflowError("too deep\nsecond line");
        }
    }

    record Run(int code, String out, String err) {}

    /** The real command line with one buggy subcommand added, executed as {@link Main} executes it. */
    static Run run(Object command, String name, Map<String, String> env) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine(new ByteArrayInputStream(new byte[0]), env::get);
        cl.addSubcommand(name, command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = Main.execute(cl, new String[] {name}, env::get);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anExceptionInACommandIsReportedOnOneLineWithExitTwo() {
        Run r = run(new ThrowsNpe(), "npe", Map.of());
        assertEquals(2, r.code());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("phasecheck internal error: java.lang.NullPointerException at "
                + "dev.phasecheck.cli.InternalErrorTest$ThrowsNpe.call(InternalErrorTest.java:"), first);
        assertTrue(first.contains("): Cannot invoke \"String.length()\""), first);
        assertTrue(r.err().contains("PHASECHECK_DEBUG=1"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without PHASECHECK_DEBUG: " + r.err());
    }

    @Test
    void anErrorIsAnInternalErrorToo() {
        Run r = run(new ThrowsError(), "overflow", Map.of());
        assertEquals(2, r.code(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("phasecheck internal error: java.lang.StackOverflowError at "
                + "dev.phasecheck.cli.InternalErrorTest$ThrowsError.call(InternalErrorTest.java:"), first);
        assertTrue(first.endsWith(": too deep second line"), "the message stays on one line: " + first);
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void phasecheckDebugPrintsTheStackTrace() {
        Run r = run(new ThrowsNpe(), "npe", Map.of("PHASECHECK_DEBUG", "1"));
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("phasecheck internal error: java.lang.NullPointerException"), r.err());
        assertTrue(r.err().contains("\tat dev.phasecheck.cli.InternalErrorTest$ThrowsNpe.call("), r.err());
    }

    @Test
    void usageErrorsAreNotInternalErrors() {
        CliTest.Run r = CliTest.run("lint", "no/such/path.jsonl");
        assertEquals(2, r.code());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    @Test
    void whereNamesTheFirstFrameOfPhasechecksCode() {
        RuntimeException e = new IllegalStateException("x");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.util.Objects", "requireNonNull", "Objects.java", 233),
            new StackTraceElement("dev.phasecheck.rules.engine.Linter", "lint", "Linter.java", 42)});
        assertEquals("phasecheck internal error: java.lang.IllegalStateException at dev.phasecheck.rules.engine.Linter.lint(Linter.java:42): x",
                InternalErrors.describe(e));
        e.setStackTrace(new StackTraceElement[0]);
        assertEquals("phasecheck internal error: java.lang.IllegalStateException at an unknown place: x", InternalErrors.describe(e));
    }
}
