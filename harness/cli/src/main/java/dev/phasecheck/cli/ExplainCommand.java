package dev.phasecheck.cli;

import dev.phasecheck.rules.api.RuleInfo;
import dev.phasecheck.rules.engine.Rules;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "Print a rule's documentation page.")
public final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RULE", description = "A rule id, as listed by 'phasecheck rules'.")
    String rule;

    @Override
    public Integer call() {
        RuleInfo info = Rules.byId(rule);
        if (info == null) {
            spec.commandLine().getErr().println("phasecheck explain: unknown rule id '" + rule + "'" + Rules.suggest(rule)
                    + "; 'phasecheck rules' lists them");
            return ExitCodes.USAGE;
        }
        String doc = info.doc();
        spec.commandLine().getOut().print(doc != null ? doc : info.id() + ": " + info.summary() + "\n");
        spec.commandLine().getOut().flush();
        return ExitCodes.CLEAN;
    }
}
