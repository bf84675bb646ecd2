package dev.phasecheck.cli;

import dev.phasecheck.rules.api.RuleInfo;
import dev.phasecheck.rules.engine.Rules;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "rules", mixinStandardHelpOptions = true, description = "List every rule: id, default severity, summary.")
public final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        int width = Rules.all().stream().mapToInt(r -> r.id().length()).max().orElse(10);
        for (RuleInfo r : Rules.all()) {
            out.printf("%-" + width + "s  %-7s  %s%s%n", r.id(), r.defaultSeverity().id(), r.summary(),
                    r.phaseModelAware() ? " [phase-model aware]" : "");
        }
        out.flush();
    }
}
