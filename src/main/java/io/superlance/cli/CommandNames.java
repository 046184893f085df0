package io.superlance.cli;

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
        if (word.length() < 4 || word.startsWith("-") || SuperlanceCommand.COMMANDS.containsKey(word)) {
            return null;
        }
        for (String command : SuperlanceCommand.COMMANDS.keySet()) {
            if (distance(word.toLowerCase(java.util.Locale.ROOT), command) <= 2) {
                return command;
            }
        }
        return null;
    }

    /** Edits (insert, delete, replace, swap two neighbours) from a to b. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
