package io.superlance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The option list of a command's --help: its own options first, then the options every command shares,
 * under a heading for each mixin (Mail:, Other channels:, Delivery:, Incidents:), so what is particular to the
 * command is not lost among 30 shared options.
 */
final class HelpLayout implements CommandLine.IHelpSectionRenderer {
    /** The headings in the order they are shown. */
    static final List<String> HEADINGS = List.of("Mail:", "Other channels:", "Delivery:", "Incidents:");

    /** Puts this layout into every command of {@code cl}. */
    static void install(CommandLine cl) {
        HelpLayout layout = new HelpLayout();
        for (CommandLine command : cl.getSubcommands().values()) {
            command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, layout);
            command.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        }
    }

    /** The heading of a shared mixin's options; null for the command's own. */
    static String heading(Object mixin) {
        if (mixin instanceof MailOptions || mixin instanceof BatchMailOptions) {
            return HEADINGS.get(0);
        }
        if (mixin instanceof ChannelOptions) {
            return HEADINGS.get(1);
        }
        if (mixin instanceof DeliveryOptions) {
            return HEADINGS.get(2);
        }
        if (mixin instanceof IncidentOptions) {
            return HEADINGS.get(3);
        }
        return null;
    }

    @Override
    public String render(Help help) {
        CommandSpec spec = help.commandSpec();
        List<List<OptionSpec>> sections = new ArrayList<>();
        for (int i = 0; i < HEADINGS.size(); i++) {
            sections.add(new ArrayList<>());
        }
        Set<String> shared = new HashSet<>();
        for (CommandSpec mixin : spec.mixins().values()) {
            String heading = heading(mixin.userObject());
            if (heading != null) {
                for (OptionSpec o : mixin.options()) {
                    sections.get(HEADINGS.indexOf(heading)).add(o);
                    shared.add(o.longestName());
                }
            }
        }
        List<OptionSpec> own = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!shared.contains(o.longestName())) {
                own.add(o);
            }
        }
        StringBuilder text = new StringBuilder(list(help, own));
        for (int i = 0; i < HEADINGS.size(); i++) {
            if (!sections.get(i).isEmpty()) {
                text.append(String.format("%n%s%n", HEADINGS.get(i))).append(list(help, sections.get(i)));
            }
        }
        return text.toString();
    }

    /** In the order of declaration; one column width for every section, as picocli computes it for all options. */
    private static String list(Help help, List<OptionSpec> options) {
        List<OptionSpec> shown = new ArrayList<>();
        for (OptionSpec o : options) {
            if (!o.hidden()) {
                shown.add(o);
            }
        }
        return help.optionListExcludingGroups(shown, help.createDefaultLayout(), null, help.parameterLabelRenderer());
    }
}
