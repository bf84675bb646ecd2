package dev.phasecheck.cli;

import java.io.PrintWriter;
import java.util.function.Function;

/**
 * How the CLI reports an exception that is phasecheck's own bug: one line naming the exception, where
 * it was thrown and its message, then exit 2 — never a bare stack trace, and never an exit code that
 * could pass for findings or success. {@code PHASECHECK_DEBUG=1} also prints the stack trace.
 */
final class InternalErrors {
    /** The environment variable that makes internal errors print their stack trace. */
    static final String DEBUG = "PHASECHECK_DEBUG";

    private InternalErrors() {}

    /** Reports the error on {@code err}; returns the exit code (always {@link ExitCodes#INTERNAL}). */
    static int report(Throwable t, PrintWriter err, Function<String, String> env) {
        try {
            err.println(describe(t));
            if (debug(env)) {
                t.printStackTrace(err);
            } else {
                err.println("This is a bug in phasecheck, not in what it checked; run with " + DEBUG
                        + "=1 for the stack trace, and please report it.");
            }
            err.flush();
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // nothing more can be said: the exit code still tells
        }
        return ExitCodes.INTERNAL;
    }

    /** "phasecheck internal error: CLASS at WHERE: MESSAGE", on one line. */
    static String describe(Throwable t) {
        String message = t.getMessage() == null ? "(no message)" : t.getMessage().replaceAll("\\s*\\R\\s*", " ").strip();
        if (message.isEmpty()) message = "(no message)";
        return "phasecheck internal error: " + t.getClass().getName() + " at " + where(t) + ": " + message;
    }

    /** The first frame in phasecheck's own code, else the frame that threw. */
    static String where(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        if (frames == null || frames.length == 0) return "an unknown place";
        for (StackTraceElement f : frames) {
            if (f.getClassName().startsWith("dev.phasecheck.")) return frame(f);
        }
        return frame(frames[0]);
    }

    private static String frame(StackTraceElement f) {
        String file = f.getFileName() == null ? "unknown source"
                : f.getLineNumber() >= 0 ? f.getFileName() + ":" + f.getLineNumber() : f.getFileName();
        return f.getClassName() + "." + f.getMethodName() + "(" + file + ")";
    }

    private static boolean debug(Function<String, String> env) {
        String v = env.apply(DEBUG);
        return v != null && !v.isBlank() && !v.strip().equals("0") && !v.strip().equalsIgnoreCase("false");
    }
}
