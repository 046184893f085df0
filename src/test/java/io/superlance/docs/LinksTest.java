package io.superlance.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every relative link in README.md and docs/ leads to a file that exists, and its #anchor to a heading in it. */
class LinksTest {
    static List<String> broken(Path doc, String markdown) {
        List<String> problems = new ArrayList<>();
        for (String link : Docs.links(markdown)) {
            if (link.matches("^[a-z][a-z0-9+.-]*:.*")) { // https:, mailto:
                continue;
            }
            String file = link.replaceFirst("#.*", "");
            String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
            Path target = file.isEmpty() ? doc : (doc.getParent() == null ? Path.of(file) : doc.getParent().resolve(file)).normalize();
            if (!Files.exists(Docs.BASE.resolve(target))) {
                problems.add(doc + ": " + link + ": no file " + target);
            } else if (anchor != null && target.toString().endsWith(".md")
                    && !Docs.anchors(Docs.read(target)).contains(anchor)) {
                problems.add(doc + ": " + link + ": no heading #" + anchor + " in " + target);
            }
        }
        return problems;
    }

    @Test
    void everyRelativeLinkResolves() {
        List<String> problems = new ArrayList<>();
        for (Path doc : Docs.all()) {
            problems.addAll(broken(doc, Docs.read(doc)));
        }
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void aLinkToNothingIsCaught() {
        assertEquals(List.of("docs/commands/x.md: ../nothere.md: no file docs/nothere.md",
                        "docs/commands/x.md: ../operations.md#no-such-heading: no heading #no-such-heading in docs/operations.md"),
                broken(Path.of("docs/commands/x.md"), "See [a](../nothere.md), [b](../operations.md#no-such-heading) and [c](https://x.org)."));
    }
}
