package io.superlance.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README.md stays an operator's five minutes, and its test command is the one CI runs. */
class ReadmeTest {
    private static final String README = Docs.read(Path.of("README.md"));

    @Test
    void atMost220Lines() {
        long lines = README.lines().count();
        assertTrue(lines <= 220, "README.md has " + lines + " lines; reference belongs in docs/");
    }

    @Test
    void aNewcomerFindsCrashAlertsToDingTalkWithinTheFirst60Lines() {
        List<String> first = README.lines().limit(60).toList();
        assertTrue(first.stream().anyMatch(l -> l.startsWith("command=") && l.contains("crashmail"))
                        && first.stream().anyMatch(l -> l.contains("--dingtalk")),
                "a crashmail command= line with a --dingtalk option within the first 60 lines");
    }

    /** .ci/run runs README's test command: the second line of "The two commands", without its comment. */
    @Test
    void theTestCommandIsTheOneCiRuns() {
        int start = README.indexOf("\n## The two commands\n");
        assertTrue(start >= 0, "README has no section 'The two commands'");
        Docs.Block block = Docs.blocks(README.substring(start)).get(0);
        assertEquals(2, block.lines().size(), "the demo and the tests: " + block.lines());
        String test = block.lines().get(1).replaceFirst("\\s+#.*", "");
        List<String> ci = Docs.read(Path.of(".ci/run")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(test, ci.get(ci.size() - 1), ".ci/run's last command");
        assertTrue(block.lines().get(0).startsWith("scripts/demo.sh"), block.lines().get(0));
    }
}
