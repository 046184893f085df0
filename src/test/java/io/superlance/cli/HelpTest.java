package io.superlance.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each command's --help: its own options first, then the shared ones under Mail:, Other channels:, Delivery:. */
class HelpTest {
    /** An option's line in the list: two spaces, then "-x, --name, --other=LABEL" or "    --name". */
    private static final Pattern OPTION_LINE = Pattern.compile("^  (?:-\\w, |    )(--[\\w-]+(?:, --[\\w-]+)*)");
    private static final String OWN = "(own)";

    private static String help(String command) {
        StringWriter out = new StringWriter();
        String[] args = {command, "--help"};
        assertEquals(0, Main.commandLine(new PrintWriter(out, true), args).execute(args));
        return out.toString();
    }

    /** Where each option is listed: its section's heading, by each of the option's long names. */
    private static Map<String, String> sectionOfEachOption(String help) {
        Map<String, String> where = new HashMap<>();
        String section = null;
        for (String line : help.split("\\R")) {
            if (HelpLayout.HEADINGS.contains(line)) {
                section = line;
                continue;
            }
            Matcher m = OPTION_LINE.matcher(line);
            if (m.find()) {
                if (section == null) {
                    section = OWN; // the list starts after the usage line and the description
                }
                for (String name : m.group(1).split(", ")) {
                    assertEquals(null, where.put(name, section), name + " listed twice");
                }
            }
        }
        return where;
    }

    /** The long names a mixin declares, as a user would read them in its class. */
    private static List<String> longNames(Object mixin) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : new CommandLine(mixin).getCommandSpec().options()) {
            names.add(firstLongName(o));
        }
        return names;
    }

    private static String firstLongName(OptionSpec o) {
        for (String n : o.names()) {
            if (n.startsWith("--")) {
                return n;
            }
        }
        throw new AssertionError(o + " has no long name");
    }

    /** Main leaves picocli's java.sql and java.time converters out: every option of such a type has its own. */
    @Test
    void noOptionNeedsAConverterPicocliIsToldToLeaveOut() {
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()));
        List<String> missing = new ArrayList<>();
        for (CommandLine command : cl.getSubcommands().values()) {
            for (OptionSpec o : command.getCommandSpec().options()) {
                for (Class<?> type : o.auxiliaryTypes()) {
                    if (type.getName().matches(Main.CONVERTERS_LEFT_OUT) && o.converters().length == 0) {
                        missing.add(command.getCommandName() + " " + o.longestName() + " (" + type.getName() + ")");
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "options without a converter: " + missing);
        assertEquals(Main.CONVERTERS_LEFT_OUT, System.getProperty("picocli.converters.excludes"));
    }

    @Test
    void everyCommandListsItsOwnOptionsFirst_thenTheSharedOnesUnderHeadings() {
        Map<String, String> expected = new HashMap<>();
        for (String name : longNames(new ChannelOptions())) {
            expected.put(name, "Other channels:");
        }
        for (String name : longNames(new DeliveryOptions())) {
            expected.put(name, "Delivery:");
        }
        for (String name : longNames(new IncidentOptions())) {
            expected.put(name, "Incidents:");
        }
        for (String command : SuperlanceCommand.NAMES) {
            String help = help(command);
            CommandLine.Model.CommandSpec spec = Main.commandLine(new PrintWriter(new StringWriter()), command).getSubcommands()
                    .get(command).getCommandSpec();
            Map<String, String> mine = new HashMap<>(expected);
            for (String name : longNames(spec.userObject() instanceof DigestCommand ? new BatchMailOptions() : new MailOptions())) {
                mine.put(name, "Mail:");
            }
            Map<String, String> where = sectionOfEachOption(help);
            List<OptionSpec> options = spec.options();
            int names = 0;
            for (OptionSpec o : options) {
                names += o.names().length - (o.shortestName().startsWith("--") ? 0 : 1);
            }
            assertEquals(names, where.size(), command + " lists every option once:\n" + help);
            for (OptionSpec o : options) {
                String name = firstLongName(o);
                assertEquals(mine.getOrDefault(name, OWN), where.get(name), command + " " + name + ":\n" + help);
            }
            int mail = help.indexOf("\nMail:\n");
            int channels = help.indexOf("\nOther channels:\n");
            int delivery = help.indexOf("\nDelivery:\n");
            assertTrue(help.indexOf("--help") < mail && mail < channels && channels < delivery, command + ":\n" + help);
            assertTrue(help.startsWith("Usage: superlance " + command + " [OPTIONS]"), help);
        }
    }

    @Test
    void theCommandsOwnOptionsAreTheOnesThatMakeIt() {
        assertEquals(OWN, sectionOfEachOption(help("crashmail")).get("--optionalheader"));
        assertEquals(OWN, sectionOfEachOption(help("crashmailbatch")).get("--interval"));
        assertEquals(OWN, sectionOfEachOption(help("crashsms")).get("--subject"));
        assertEquals(OWN, sectionOfEachOption(help("memmon")).get("--uptime"));
        assertEquals(OWN, sectionOfEachOption(help("httpok")).get("--grace"));
        assertEquals(OWN, sectionOfEachOption(help("heartbeat")).get("--url"));
        assertEquals(OWN, sectionOfEachOption(help("logmon")).get("--match"));
        assertEquals("Mail:", sectionOfEachOption(help("fatalmailbatch")).get("--smtpHost"));
        assertEquals("Mail:", sectionOfEachOption(help("logmon")).get("--smtp-timeout"));
    }
}
