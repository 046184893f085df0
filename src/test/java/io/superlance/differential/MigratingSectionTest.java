package io.superlance.differential;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/migrating.md's "Differences from Python superlance" and allowed-differences.txt declare the same differences, one to one. */
class MigratingSectionTest {
    /** The section's bullets, each with its continuation lines joined. */
    static List<String> bullets() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("superlance.basedir", ".")).resolve("docs/migrating.md"));
        int start = doc.indexOf("\n## Differences from Python superlance\n");
        assertTrue(start >= 0, "docs/migrating.md has no section 'Differences from Python superlance'");
        int end = doc.indexOf("\n## ", start + 1);
        List<String> bullets = new ArrayList<>();
        for (String line : doc.substring(start, end < 0 ? doc.length() : end).split("\n")) {
            if (line.startsWith("- ")) {
                bullets.add(line.substring(2));
            } else if (line.startsWith("  ") && !bullets.isEmpty()) {
                bullets.set(bullets.size() - 1, bullets.get(bullets.size() - 1) + " " + line.strip());
            }
        }
        return bullets;
    }

    @Test
    void eachAllowedDifferenceIsOneBullet_andEachBulletOneAllowedDifference() throws Exception {
        List<String> bullets = bullets();
        List<AllowList.Entry> entries = AllowList.load();
        List<String> problems = new ArrayList<>();
        for (AllowList.Entry e : entries) {
            long n = bullets.stream().filter(b -> b.contains(e.readme())).count();
            if (n != 1) {
                problems.add("[" + e.id() + "] phrase '" + e.readme() + "' is in " + n + " bullets of docs/migrating.md");
            }
        }
        for (String b : bullets) {
            long n = entries.stream().filter(e -> b.contains(e.readme())).count();
            if (n != 1) {
                problems.add(n + " allowed differences declare the bullet: " + b);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyEntryGivesAReason_andItsPatternsCompile() throws Exception {
        for (AllowList.Entry e : AllowList.load()) {
            assertTrue(e.reason().length() > 20, e.id());
            for (Pattern p : e.differs()) {
                assertTrue(p.pattern().startsWith("-") || p.pattern().startsWith("\\+") || p.pattern().startsWith("[-+]"),
                        e.id() + ": a pattern names its side: " + p);
            }
        }
    }
}
