package io.superlance.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** No document names an issue or pull request by number: a reader of the repository cannot look it up. */
class NoIssueNumbersTest {
    /** "issue 11", "issue #12", "Issue 15:", "PR #69", "pull request 3". */
    private static final Pattern NAMED = Pattern.compile("(?i)\\b(?:issues?|PR|pull requests?)\\s*#?\\d+");
    /** "#12" in prose (in a code span it is something else: `mail #2` is a channel's name). */
    private static final Pattern HASH = Pattern.compile("(?<![\\w&/])#\\d+\\b");

    static List<String> issueNumbers(Path doc, String markdown) {
        List<String> found = new ArrayList<>();
        String[] lines = Docs.prose(markdown).split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher named = NAMED.matcher(lines[i]);
            while (named.find()) {
                found.add(doc + ":" + (i + 1) + ": " + named.group());
            }
            Matcher hash = HASH.matcher(NAMED.matcher(lines[i]).replaceAll("").replaceAll("`[^`]*`", ""));
            while (hash.find()) {
                found.add(doc + ":" + (i + 1) + ": " + hash.group());
            }
        }
        return found;
    }

    @Test
    void noDocumentNamesAnIssueNumber() {
        List<String> found = new ArrayList<>();
        for (Path doc : Docs.all()) {
            found.addAll(issueNumbers(doc, Docs.read(doc)));
        }
        assertEquals("", String.join("\n", found));
    }

    @Test
    void theFormsAreCaught() {
        assertEquals(List.of("x.md:1: issue 11", "x.md:1: PR #69", "x.md:2: Issue 15", "x.md:2: #12"),
                issueNumbers(Path.of("x.md"), "as issue 11 and PR #69 said\nIssue 15: see #12, not `mail #2` or [a](#x)\n"));
    }
}
