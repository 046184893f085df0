package io.superlance.docs;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page per command, docs/commands/NAME.md, for every command in picocli's model (a command added later is
 * held to it at once), and each page agrees with the command's options (its subcommands' included): every
 * option the page names is one of the command's, and every option of the command but -h and -V is documented,
 * in the first cell of a table row, on its page or on a page of docs/commands/ its page links to (the options
 * every command shares are on one).
 */
class CommandPagesTest {
    /** An option as a page writes it: -p, --program, --program=NAME (the name only). */
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]*)");
    private static final Pattern LONG_OPTION = Pattern.compile("(?<![\\w-/.!])(--[A-Za-z][\\w-]*)");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    static Path page(String command) {
        return Path.of("docs/commands/" + command + ".md");
    }

    /** The pages under docs/commands/ a page links to, itself first. */
    private static List<Path> pageAndLinked(Path page) {
        Set<Path> pages = new LinkedHashSet<>();
        pages.add(page);
        for (String link : Docs.links(Docs.read(page))) {
            String file = link.replaceFirst("#.*", "");
            if (!file.isEmpty() && !file.contains(":")) {
                Path target = page.getParent().resolve(file).normalize();
                if (target.startsWith("docs/commands") && Files.exists(Docs.BASE.resolve(target))) {
                    pages.add(target);
                }
            }
        }
        return new ArrayList<>(pages);
    }

    /** The option names in the first cell of each table row: what the page documents. */
    static Set<String> documented(String markdown) {
        Set<String> names = new TreeSet<>();
        for (String line : Docs.prose(markdown).split("\n")) {
            if (line.startsWith("|") && !line.startsWith("| ---")) {
                String first = line.substring(1).split("(?<!\\\\)\\|", 2)[0];
                Matcher code = CODE.matcher(first);
                while (code.find()) {
                    Matcher o = OPTION.matcher(code.group(1));
                    while (o.find()) {
                        names.add(o.group(1));
                    }
                }
            }
        }
        return names;
    }

    /** Every --name the page's prose mentions, anywhere, and every option its tables document. */
    static Set<String> named(String markdown) {
        Set<String> names = new TreeSet<>(documented(markdown));
        Matcher m = LONG_OPTION.matcher(Docs.prose(markdown));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The options of a command and of its own subcommands (superlance silence add, ...). */
    static List<OptionSpec> options(CommandLine command) {
        List<OptionSpec> options = new ArrayList<>(Cli.options(command));
        for (CommandLine sub : command.getSubcommands().values()) {
            options.addAll(options(sub));
        }
        return options;
    }

    private static Set<String> names(CommandLine command) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : options(command)) {
            names.addAll(List.of(o.names()));
        }
        return names;
    }

    @Test
    void everyCommandHasItsPage_andReadmeLinksIt() {
        String readme = Docs.read(Path.of("README.md"));
        List<String> problems = new ArrayList<>();
        for (String command : Cli.commands().keySet()) {
            if (!Files.exists(Docs.BASE.resolve(page(command)))) {
                problems.add(page(command) + " is missing");
            }
            if (!Docs.links(readme).contains(page(command).toString())) {
                problems.add("README.md does not link " + page(command));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyOptionAPageNamesIsTheCommands_andEveryOptionOfTheCommandIsDocumented() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, CommandLine> c : Cli.commands().entrySet()) {
            problems.addAll(problems(c.getKey(), c.getValue()));
        }
        assertEquals("", String.join("\n", problems));
    }

    /** What is wrong between a command and its page (and the pages it links to). */
    static List<String> problems(String command, CommandLine cl) {
        Path page = page(command);
        if (!Files.exists(Docs.BASE.resolve(page))) {
            return List.of(page + " is missing");
        }
        Set<String> options = names(cl);
        Set<String> problems = new LinkedHashSet<>(); // an option of several subcommands is said once
        for (String name : named(Docs.read(page))) {
            if (!options.contains(name)) {
                problems.add(page + " names " + name + ", which is no option of 'superlance " + command + " --help'");
            }
        }
        Set<String> documented = new TreeSet<>();
        for (Path p : pageAndLinked(page)) {
            documented.addAll(documented(Docs.read(p)));
        }
        for (OptionSpec o : options(cl)) {
            if (o.usageHelp() || o.versionHelp()) {
                continue; // -h and -V, the same on every command: documented once, on options.md
            }
            for (String name : o.names()) {
                if (!documented.contains(name)) {
                    problems.add(page + " (and the pages it links: " + pageAndLinked(page).subList(1, pageAndLinked(page).size())
                            + ") documents no " + name + " of 'superlance " + command + " --help'");
                }
            }
        }
        return new ArrayList<>(problems);
    }

    /** The shared pages name only options some command linking them has. */
    @Test
    void everyOptionASharedPageDocumentsIsAnOptionOfACommandLinkingIt() {
        Map<String, CommandLine> commands = Cli.commands();
        List<String> problems = new ArrayList<>();
        try (var pages = Files.list(Docs.COMMAND_PAGES)) {
            for (Path p : pages.map(Docs.BASE::relativize).sorted().toList()) {
                String name = p.getFileName().toString().replace(".md", "");
                if (commands.containsKey(name)) {
                    continue;
                }
                Set<String> options = new TreeSet<>();
                for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
                    if (Files.exists(Docs.BASE.resolve(page(c.getKey()))) && pageAndLinked(page(c.getKey())).contains(p)) {
                        options.addAll(names(c.getValue()));
                    }
                }
                for (String option : named(Docs.read(p))) {
                    if (!options.contains(option)) {
                        problems.add(p + " names " + option + ", an option of no command whose page links it");
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void aRenamedOptionIsCaught() {
        String page = "| option | meaning |\n| --- | --- |\n| `-p`, `--programme NAME` | watch it |\nUse `--any` too.\n";
        assertEquals(Set.of("--any", "--programme", "-p"), named(page));
        assertEquals(Set.of("--programme", "-p"), documented(page));
    }

    /** superlance --help lists each command with the first line of its description: a whole sentence. */
    @Test
    void theCommandListSaysWholeSentences() {
        for (Map.Entry<String, CommandLine> c : Cli.commands().entrySet()) {
            String[] description = c.getValue().getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0 && description[0].endsWith("."),
                    c.getKey() + "'s first description line is what superlance --help shows: " + String.join(" / ", description));
        }
    }
}
