package dev.phasecheck.spark;

import dev.phasecheck.reports.ReportSupport;
import dev.phasecheck.rules.api.FailOn;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code phasecheck-spark}: the core linter as a Spark job. Runs in-process on {@code local[*]}
 * unless {@code --master} is given or {@code spark-submit} set the master.
 */
@Command(name = "phasecheck-spark", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Lints recorded Responses API traffic at scale, as an Apache Spark job.",
        subcommands = {Main.Lint.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing at or above --fail-on", "1:findings at or above --fail-on",
                "2:usage error, or an internal error of phasecheck"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("phasecheck-spark: internal error (phasecheck's fault): " + ex);
            return 2;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("phasecheck-spark: " + ex.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = "Lints exchanges (JSONL, JSON or Parquet, any path Spark reads), grouped into transcripts, "
                    + "and writes DIR/findings (Parquet) and DIR/report.json.")
    static final class Lint implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "INPUT", description = "files, directories or globs Spark can read")
        List<String> inputs;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "where findings/ and report.json go")
        String out;

        @Option(names = "--input-format", paramLabel = "FORMAT",
                description = "jsonl, json or parquet (default: from the inputs' names, else jsonl)")
        String inputFormat;

        @Option(names = "--group-by", paramLabel = "COLUMN",
                description = "the column that names a conversation (dots reach into objects, e.g. metadata.session_id); "
                        + "default: each input file is one transcript")
        String groupBy;

        @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's)")
        String master;

        @Option(names = "--max-group-bytes", paramLabel = "N",
                description = "largest transcript collected in one executor, in characters of JSON; k, m, g suffixes (default: 128m)")
        String maxGroupBytes = "128m";

        @Option(names = "--max-group-exchanges", paramLabel = "N",
                description = "largest transcript collected in one executor, in exchanges (default: 100000)")
        long maxGroupExchanges = SparkLint.Options.DEFAULT_MAX_GROUP_EXCHANGES;

        @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "error (default), warning, info or never")
        String failOn = "error";

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter stdout = spec.commandLine().getOut();
            FailOn threshold;
            try {
                threshold = FailOn.parse(failOn);
            } catch (IllegalArgumentException e) {
                err.println("phasecheck-spark: --fail-on: " + e.getMessage());
                return 2;
            }
            long bytes;
            try {
                bytes = size(maxGroupBytes);
            } catch (NumberFormatException e) {
                err.println("phasecheck-spark: --max-group-bytes must be a number with an optional k, m or g, not " + maxGroupBytes);
                return 2;
            }
            if (bytes <= 0 || maxGroupExchanges <= 0) {
                err.println("phasecheck-spark: --max-group-bytes and --max-group-exchanges must be positive");
                return 2;
            }
            if (groupBy != null && groupBy.isBlank()) {
                err.println("phasecheck-spark: --group-by needs a column name");
                return 2;
            }
            SparkSession.Builder b = SparkSession.builder().appName("phasecheck-spark");
            if (master != null) {
                b.master(master);
            } else if (!new SparkConf().contains("spark.master")) {
                b.master("local[*]");
            }
            SparkSession spark;
            try {
                spark = b.getOrCreate();
            } catch (Exception e) { // Scala throws SparkException unchecked
                // a bad --master, a cluster that cannot be reached: the setup's problem, said in one line
                err.println("phasecheck-spark: cannot start Spark: " + e.getMessage());
                return 2;
            }
            try {
                SparkLint.Outcome o = new SparkLint(spark).run(new SparkLint.Options(inputs, out,
                        inputFormat, groupBy, bytes, maxGroupExchanges, version(), failOn.toLowerCase(Locale.ROOT)));
                stdout.println(ReportSupport.summary(o.result()));
                stdout.println("findings: " + out + "/findings (Parquet), report: " + out + "/report.json");
                if (o.internalError() || o.result().internalErrors() > 0) {
                    err.println("phasecheck-spark: internal error: phasecheck failed on some transcripts; "
                            + "see the findings that say \"internal error\"");
                    return 2;
                }
                return threshold.fails(o.result()) ? 1 : 0;
            } catch (SparkLint.UsageException e) {
                err.println("phasecheck-spark: " + e.getMessage());
                return 2;
            } finally {
                spark.stop();
            }
        }
    }

    /** "128m" → 134217728. */
    static long size(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("k")) mult = 1L << 10;
        else if (t.endsWith("m")) mult = 1L << 20;
        else if (t.endsWith("g")) mult = 1L << 30;
        if (mult != 1) t = t.substring(0, t.length() - 1);
        return Math.multiplyExact(Long.parseLong(t), mult);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"phasecheck-spark " + version()};
        }
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/dev/phasecheck/spark/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
