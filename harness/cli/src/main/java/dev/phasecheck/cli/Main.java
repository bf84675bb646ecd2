package dev.phasecheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import dev.phasecheck.rules.engine.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code phasecheck}: the command line. */
@Command(name = "phasecheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Proves whether a client of OpenAI's Responses API keeps assistant message phase across turns.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_CLEAN, ExitCodes.HELP_FINDINGS, ExitCodes.HELP_USAGE})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The subcommands, in the order help lists them. Registered in code rather than in the
     * annotation so that a run builds picocli's model of the one command it runs (see
     * {@link #newCommandLine(InputStream, Function, boolean, String[])}): a faster start.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(LintCommand.class, RulesCommand.class, ExplainCommand.class,
            ScenariosCommand.class, ServeCommand.class, RunCommand.class, ProxyCommand.class, ProbeCommand.class,
            CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        System.exit(run(args, System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System::getenv,
                Progress.stderrIsTerminal()));
    }

    /** Runs the CLI with the given streams; returns the exit code. Used by tests and by {@link #main}. */
    public static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        return run(args, stdin, out, err, System::getenv);
    }

    /** As {@link #run(String[], InputStream, PrintWriter, PrintWriter)}, reading the environment through {@code env}. */
    static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err, Function<String, String> env) {
        return run(args, stdin, out, err, env, false);
    }

    /** As above; {@code stderrIsTerminal} says whether {@code err} is a terminal (then lint may show progress). */
    static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err, Function<String, String> env,
                   boolean stderrIsTerminal) {
        try {
            CommandLine cl = newCommandLine(stdin, env, Progress.wanted(stderrIsTerminal, env), args);
            cl.setOut(out);
            cl.setErr(err);
            return execute(cl, args, env);
        } catch (Throwable t) { // an Error, or a failure outside any command: still phasecheck's, still exit 2
            return InternalErrors.report(t, err, env);
        }
    }

    /** Executes a command line built by {@link #newCommandLine}; nothing escapes as a stack trace. */
    static int execute(CommandLine cl, String[] args, Function<String, String> env) {
        try {
            return cl.execute(args);
        } catch (Throwable t) { // picocli lets Errors (StackOverflowError, AssertionError, ...) through
            return InternalErrors.report(t, cl.getErr(), env);
        }
    }

    static CommandLine newCommandLine(InputStream stdin, Function<String, String> env) {
        return newCommandLine(stdin, env, false);
    }

    static CommandLine newCommandLine(InputStream stdin, Function<String, String> env, boolean progress) {
        return newCommandLine(stdin, env, progress, null);
    }

    /**
     * The command line for these arguments: when the first argument names a subcommand (other than
     * {@code help}), only that one is registered; otherwise (no arguments, options, {@code help},
     * a mistyped name) all are, so help lists them and picocli can suggest the right one.
     */
    static CommandLine newCommandLine(InputStream stdin, Function<String, String> env, boolean progress, String[] argv) {
        Factory factory = new Factory(stdin, progress);
        CommandLine cl = new CommandLine(new Main(), factory);
        String first = argv == null || argv.length == 0 ? null : argv[0];
        Class<?> only = null;
        for (Class<?> c : SUBCOMMANDS) {
            CommandLine.Command a = c.getAnnotation(CommandLine.Command.class);
            if (a != null && a.name().equals(first) && c != CommandLine.HelpCommand.class) only = c;
        }
        for (Class<?> c : SUBCOMMANDS) {
            if (only == null || c == only) cl.addSubcommand(new CommandLine(c, factory));
        }
        ExitCodes codes = new ExitCodes();
        cl.setExitCodeExceptionMapper(codes);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable t = ex instanceof CommandLine.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            if (t instanceof ConfigException) {
                // the one place usage and configuration errors are said: one line, naming the command
                commandLine.getErr().println("phasecheck " + commandLine.getCommandName() + ": " + t.getMessage());
                commandLine.getErr().flush();
            } else {
                // anything else a command throws is phasecheck's own bug
                InternalErrors.report(t, commandLine.getErr(), env);
            }
            return codes.getExitCode(t);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("phasecheck: " + ex.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return codes.getExitCode(ex);
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Gives commands the standard input without a global. */
    static final class Factory implements CommandLine.IFactory {
        private final InputStream stdin;
        private final boolean progress;

        Factory(InputStream stdin, boolean progress) {
            this.stdin = stdin;
            this.progress = progress;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == LintCommand.class) return cls.cast(new LintCommand(stdin, progress));
            return CommandLine.defaultFactory().create(cls);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"phasecheck " + version()};
        }
    }

    /** The version from the build. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/dev/phasecheck/cli/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
