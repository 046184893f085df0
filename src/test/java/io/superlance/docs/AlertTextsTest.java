package io.superlance.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every alert text a command page quotes word for word (each line of its {@code ```alert} blocks) is one a unit
 * test asserts the code produces: it appears in a string literal (adjacent {@code "..." + "..."} joined) of a
 * test class ({@code *Test.java}, not a stand-in or fake that feeds tests) of src/test/java that asserts, outside
 * these doc tests and the end-to-end and benchmark suites. A text
 * misquoted, or changed in the code and in its test but not on the page, is found.
 */
class AlertTextsTest {
    private static final Path TESTS = Docs.BASE.resolve("src/test/java/io/superlance");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    /** The string literals of the unit tests that assert, with concatenated literals joined. */
    static List<String> literals() {
        List<String> literals = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(TESTS)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = TESTS.relativize(f).toString();
                if (rel.startsWith("docs/") || rel.startsWith("e2e/") || rel.startsWith("bench/") || !rel.endsWith("Test.java")) {
                    continue;
                }
                String source = Files.readString(f);
                if (source.contains("assert")) {
                    literals.addAll(literals(source));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return literals;
    }

    private static final Pattern CONSTANT = Pattern.compile("final\\s+String\\s+(\\w+)\\s*=\\s*\"((?:[^\"\\\\\\n]|\\\\.)*)\"\\s*;");
    private static final Pattern CONSTANT_BEFORE = Pattern.compile("(\\w+)\\s*\\+\\s*$");
    private static final Pattern CONSTANT_AFTER = Pattern.compile("^\\s*\\+\\s*(\\w+)(?![\\w.(])");
    private static final Pattern CONSTANT_BETWEEN = Pattern.compile("^\\+\\s*(\\w+)\\s*\\+$");

    /**
     * The file's string literals, each expression of literals joined by + as one, with the file's own String
     * constants ({@code static final String URL = "..."}) put in where the expression names them.
     */
    static List<String> literals(String source) {
        java.util.Map<String, String> constants = new java.util.HashMap<>();
        Matcher c = CONSTANT.matcher(source);
        while (c.find()) {
            constants.put(c.group(1), unescape(c.group(2)));
        }
        List<String> out = new ArrayList<>();
        Matcher m = LITERAL.matcher(source);
        StringBuilder joined = null;
        int end = 0;
        while (m.find()) {
            String gap = source.substring(end, m.start()).replaceAll("//[^\\n]*", "");
            Matcher between = CONSTANT_BETWEEN.matcher(gap.strip());
            boolean continues = joined != null && (gap.strip().equals("+")
                    || (between.matches() && constants.containsKey(between.group(1))));
            if (continues && !gap.strip().equals("+")) {
                joined.append(constants.get(between.group(1)));
            }
            if (!continues) {
                if (joined != null) {
                    Matcher after = CONSTANT_AFTER.matcher(gap);
                    if (after.find() && constants.containsKey(after.group(1))) {
                        joined.append(constants.get(after.group(1)));
                    }
                    out.add(joined.toString());
                }
                joined = new StringBuilder();
                Matcher before = CONSTANT_BEFORE.matcher(gap);
                if (before.find() && constants.containsKey(before.group(1))) {
                    joined.append(constants.get(before.group(1)));
                }
            }
            joined.append(unescape(m.group(1)));
            end = m.end();
        }
        if (joined != null) {
            out.add(joined.toString());
        }
        return out;
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(n);
            }
        }
        return b.toString();
    }

    /** The lines of a page's ```alert blocks. */
    static List<String> quoted(String markdown) {
        List<String> lines = new ArrayList<>();
        for (Docs.Block b : Docs.blocks(markdown)) {
            if (b.info().equals("alert")) {
                for (String line : b.lines()) {
                    if (!line.isBlank()) {
                        lines.add(line.strip());
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void everyQuotedAlertTextIsOneATestAsserts() throws IOException {
        List<String> literals = literals();
        List<String> problems = new ArrayList<>();
        int quoted = 0;
        try (Stream<Path> pages = Files.list(Docs.COMMAND_PAGES)) {
            for (Path page : pages.sorted().toList()) {
                for (String line : quoted(Files.readString(page))) {
                    quoted++;
                    if (literals.stream().noneMatch(l -> l.contains(line))) {
                        problems.add(Docs.BASE.relativize(page) + ": no unit test asserts: " + line);
                    }
                }
            }
        }
        assertTrue(quoted >= 20, "alert lines quoted: " + quoted);
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void literalsAreJoinedAsJavaJoinsThem() {
        assertEquals(List.of("memmon: a b\n", "other"),
                literals("assertEquals(\"memmon: \" + \"a \"\n    // why\n    + \"b\\n\", x(\"other\"));"));
        assertEquals(List.of("http://h/x", "httpok: http://h/x: bad status returned", "a http://h/x", "b http://h/x c"),
                literals("static final String URL = \"http://h/x\";\nassertEquals(\"httpok: \" + URL + \": bad status returned\", s);"
                        + " f(\"a \" + URL); g(\"b \" + URL + \" c\");"));
        assertTrue(literals().stream().anyMatch(l -> l.equals(" cat crashed at 2026-11-21 10:03:04,567")));
    }
}
