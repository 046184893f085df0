package io.superlance.differential;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's "Migrating from Python superlance" and allowed-differences.txt declare the same differences, one to one. */
class MigratingSectionTest {
    /** The section's bullets, each with its continuation lines joined. */
    static List<String> bullets() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("superlance.basedir", ".")).resolve("README.md"));
        int start = readme.indexOf("\n## Migrating from Python superlance\n");
        assertTrue(start >= 0, "README has no Migrating section");
        int end = readme.indexOf("\n## ", start + 1);
        List<String> bullets = new ArrayList<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
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
                problems.add("[" + e.id() + "] readme phrase '" + e.readme() + "' is in " + n + " bullets");
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
