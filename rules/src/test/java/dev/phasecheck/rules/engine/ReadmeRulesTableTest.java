package dev.phasecheck.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasecheck.rules.api.RuleInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's rules table (under "## Rules") says what the catalogue says: the same rule ids in
 * the same order, each with its default severity and whether it is phase-model aware.
 */
class ReadmeRulesTableTest {

    /** One row of the table: id, default, phase-model aware. */
    record Row(String id, String severity, String aware) {
        static Row of(RuleInfo r) {
            return new Row(r.id(), r.defaultSeverity().id(), r.phaseModelAware() ? "yes" : "no");
        }
    }

    static Path readme() {
        Path p = Fixtures.root().toAbsolutePath().normalize().getParent().resolve("README.md");
        assertTrue(Files.isRegularFile(p), "README not found at " + p);
        return p;
    }

    /** The rows of the first table after the "## Rules" heading, up to the next heading. */
    static List<Row> table(List<String> lines) {
        int start = lines.indexOf("## Rules");
        assertTrue(start >= 0, "the README has no \"## Rules\" section");
        List<Row> rows = new ArrayList<>();
        boolean header = false;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#")) break;
            if (!line.startsWith("|")) {
                if (header) break; // the table ended
                continue;
            }
            String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("\\|", -1);
            if (!header) {
                assertEquals("id", cells[0].strip(), "the table's first column: " + line);
                assertEquals("default", cells[1].strip(), "the table's second column: " + line);
                assertEquals("phase-model aware", cells[2].strip(), "the table's third column: " + line);
                header = true;
                continue;
            }
            if (cells[0].strip().matches("-+")) continue; // the delimiter row
            String id = cells[0].strip();
            if (id.startsWith("`") && id.endsWith("`")) id = id.substring(1, id.length() - 1);
            rows.add(new Row(id, cells[1].strip(), cells[2].strip()));
        }
        return rows;
    }

    @Test
    void readmeRulesTableMatchesTheCatalogue() throws Exception {
        List<Row> readme = table(Files.readAllLines(readme()));
        List<Row> catalogue = Rules.all().stream().map(Row::of).toList();
        assertFalse(readme.isEmpty(), "no rows under \"## Rules\"");
        assertEquals(catalogue.stream().map(Row::toString).toList(), readme.stream().map(Row::toString).toList(),
                "README.md's rules table (id, default, phase-model aware) differs from Rules.all()");
    }

    @Test
    void theParserReadsTheTableItChecks() {
        List<Row> rows = table(List.of("# x", "## Rules", "", "| id | default | phase-model aware | what |", "|---|---|---|---|",
                "| `a-b` | error | yes | some \\| thing |", "| `c` | info | no | other |", "", "after", "| `d` | info | no | x |"));
        assertEquals(List.of(new Row("a-b", "error", "yes"), new Row("c", "info", "no")), rows);
    }
}
