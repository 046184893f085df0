package io.superlance.cli;

import io.superlance.monitor.NearMiss;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/** A word between commands that is a command misspelt ({@code memon}) is named as such, not taken as an argument. */
final class CommandNames {
    private CommandNames() {
    }

    /**
     * The first word of the command line that is neither a command, an option nor an option's value and is
     * close to a command's name, as {@code unknown command 'memon' (did you mean memmon?)}; null when none.
     */
    static String unknownCommand(CommandLine root, List<String> args) {
        List<String> loose = new ArrayList<>();
        CommandSpec current = root.getCommandSpec();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            CommandLine sub = root.getSubcommands().get(arg);
            if (sub != null) {
                current = sub.getCommandSpec();
            } else if (arg.startsWith("-") && !arg.contains("=") && takesValue(current, arg)) {
                i++; // its value, which may be any word (a program may be called memon)
            } else if (!arg.startsWith("-")) {
                loose.add(arg);
            }
        }
        return unknownCommand(loose);
    }

    private static boolean takesValue(CommandSpec spec, String arg) {
        OptionSpec option = spec.findOption(arg);
        return option != null && option.arity().max() > 0;
    }

    /** {@code unknown command 'memon' (did you mean memmon?)} for the first near miss in words; null when none. */
    static String unknownCommand(List<String> words) {
        for (String word : words) {
            String near = nearest(word);
            if (near != null) {
                return "unknown command '" + word + "' (did you mean " + near + "?)";
            }
        }
        return null;
    }

    /** The command word is close to but not equal to; null when none is. */
    static String nearest(String word) {
        if (word.length() < 4 || word.startsWith("-") || SuperlanceCommand.NAMES.contains(word)) {
            return null;
        }
        String lower = word.toLowerCase(java.util.Locale.ROOT); // MEMMON is memmon misspelt too
        return SuperlanceCommand.NAMES.contains(lower) ? lower : NearMiss.nearest(lower, SuperlanceCommand.NAMES, 2);
    }
}
