package io.superlance.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/ARCHITECTURE.md's table of packages says what each may import; the code refers to no other package of
 * ours (by import or by qualified name), and every package of the code is in the table.
 */
class PackageImportsTest {
    private static final Path MAIN = Docs.BASE.resolve("src/main/java/io/superlance");
    private static final Pattern REFERENCE = Pattern.compile("io\\.superlance\\.([a-z]+)\\.");
    private static final Pattern CODE = Pattern.compile("`([a-z]+)/?`");

    /** Each package of the table, with the packages it may import ("every package above": all rows before it). */
    static Map<String, Set<String>> allowed(String markdown) {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        int start = markdown.indexOf("\n## Packages and what each may import");
        for (String line : markdown.substring(start).split("\n")) {
            if (line.startsWith("## ") && !allowed.isEmpty()) {
                break;
            }
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Matcher name = CODE.matcher(cells[1]);
            if (!name.find()) {
                continue;
            }
            Set<String> may = new TreeSet<>();
            if (cells[2].contains("every package above")) {
                may.addAll(allowed.keySet());
            }
            Matcher m = CODE.matcher(cells[2]);
            while (m.find()) {
                may.add(m.group(1));
            }
            allowed.put(name.group(1), may);
        }
        return allowed;
    }

    /** The packages of ours each package's sources refer to. */
    static Map<String, Set<String>> used() throws IOException {
        Map<String, Set<String>> used = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String pkg = dir.getFileName().toString();
                Set<String> refs = new TreeSet<>();
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        Matcher m = REFERENCE.matcher(Files.readString(f));
                        while (m.find()) {
                            if (!m.group(1).equals(pkg)) {
                                refs.add(m.group(1));
                            }
                        }
                    }
                }
                used.put(pkg, refs);
            }
        }
        return used;
    }

    @Test
    void everyPackageImportsOnlyWhatTheArchitectureAllows() throws IOException {
        Map<String, Set<String>> allowed = allowed(Docs.read(Path.of("docs/ARCHITECTURE.md")));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : used().entrySet()) {
            Set<String> may = allowed.get(e.getKey());
            if (may == null) {
                problems.add(e.getKey() + "/ is not in docs/ARCHITECTURE.md's table of packages");
                continue;
            }
            for (String ref : e.getValue()) {
                if (!may.contains(ref)) {
                    problems.add(e.getKey() + "/ refers to " + ref + "/, which docs/ARCHITECTURE.md does not allow it");
                }
            }
        }
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void theTableIsReadAsWritten() {
        Map<String, Set<String>> a = allowed("\n## Packages and what each may import\n\n| package | may import | x |\n| --- | --- | --- |\n"
                + "| `json/` | nothing of ours | y |\n| `alert/` | `json`, `log` | z |\n| `cli/` | every package above | w |\n\n## Next\n| `no/` | | |\n");
        assertEquals(Map.of("json", Set.of(), "alert", Set.of("json", "log"), "cli", Set.of("json", "alert")), a);
    }
}
