package io.superlance.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository's documents as the doc tests read them: README.md and every docs/**.md. */
final class Docs {
    static final Path BASE = Path.of(System.getProperty("superlance.basedir", "."));
    static final Path COMMAND_PAGES = BASE.resolve("docs/commands");

    private Docs() {
    }

    /** README.md and every markdown file under docs/, relative to the repository. */
    static List<Path> all() {
        List<Path> docs = new ArrayList<>();
        docs.add(Path.of("README.md"));
        try (Stream<Path> walk = Files.walk(BASE.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(p -> docs.add(BASE.relativize(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static String read(Path doc) {
        try {
            return Files.readString(BASE.resolve(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fenced code block: its info string (```ini: "ini"), its lines, and the line it starts on (1-based). */
    record Block(String info, List<String> lines, int line) {
    }

    static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("```")) {
                String info = lines[i].substring(3).strip();
                List<String> body = new ArrayList<>();
                int start = i + 1;
                for (i++; i < lines.length && !lines[i].startsWith("```"); i++) {
                    body.add(lines[i]);
                }
                blocks.add(new Block(info, body, start));
            }
        }
        return blocks;
    }

    /** The text outside fenced code blocks, line for line (a block's lines are blanked, so line numbers hold). */
    static String prose(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inBlock = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                out.append('\n');
                continue;
            }
            out.append(inBlock ? "" : line).append('\n');
        }
        return out.toString();
    }

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    /** The targets of the markdown links in the text outside code blocks, e.g. {@code docs/channels.md#dingtalk}. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        Matcher m = LINK.matcher(prose(markdown).replaceAll("`[^`\n]*`", "")); // [GROUP:NAME](PID) in code is no link
        while (m.find()) {
            targets.add(m.group(1));
        }
        return targets;
    }

    /** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as dashes. */
    static List<String> anchors(String markdown) {
        List<String> anchors = new ArrayList<>();
        for (String line : prose(markdown).split("\n")) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(java.util.Locale.ROOT);
                anchors.add(heading.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
