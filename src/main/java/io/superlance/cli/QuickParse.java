package io.superlance.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listener commands' plain command lines, read without building picocli's model. supervisord starts a
 * listener with a line such as {@code crashmail -a -m ops@example.com}, and picocli's model of the commands
 * named (their annotations read, a proxy class made for each annotation type, about 60 options each) was
 * two thirds of the time to the first READY. The options are those of the annotations, as {@link OptionTable}
 * lists them (generated from them, and checked against them by a test); the fields are set as picocli sets
 * them, defaults included.
 *
 * <p>Only the plainest lines are read here: command names, options by their full names ({@code --name value},
 * {@code --name=value}, {@code -p value}), one value per option unless it takes several, URLs as the
 * positional parameter. Anything else (help, version, {@code status}, {@code silence}, clustered short
 * options, a value that starts with a dash, an option given twice, a value that does not convert, a word
 * that is not a URL) gives null, and picocli reads the line: its errors and messages stay the only ones.
 */
final class QuickParse {
    /** A command of the line and what it was given: its options by their first name, with the last text given. */
    record Parsed(String name, ListenerCommand command) {
    }

    private QuickParse() {
    }

    /** The commands of {@code args} with their options set; null when picocli is to read the line. */
    static List<Parsed> parse(String... args) {
        try {
            return read(args);
        } catch (Exception e) {
            return null; // a value that does not convert, and anything unforeseen: picocli says what is wrong
        }
    }

    private static List<Parsed> read(String[] args) throws Exception {
        if (args.length == 0 || !SuperlanceCommand.NAMES.contains(args[0])) {
            return null;
        }
        List<Parsed> commands = new ArrayList<>();
        Options options = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (SuperlanceCommand.NAMES.contains(arg)) {
                if (options != null) {
                    options.applyDefaults();
                }
                ListenerCommand command = SuperlanceCommand.create(arg);
                options = new Options(command);
                commands.add(new Parsed(arg, command));
                continue;
            }
            if (arg.startsWith("-")) {
                int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
                String name = eq < 0 ? arg : arg.substring(0, eq);
                OptionTable.Row row = options.row(name);
                if (row == null || options.given.containsKey(row.firstName()) && !row.kind().equals(OptionTable.LIST)) {
                    return null; // unknown here (help, version, a cluster, a typo) or given twice: picocli's to say
                }
                if (!row.kind().equals(OptionTable.FLAG) && !row.kind().equals(OptionTable.VALUE) && !row.kind().equals(OptionTable.LIST)) {
                    return null; // a kind read by picocli only (KEY=VALUE maps)
                }
                String value;
                if (row.kind().equals(OptionTable.FLAG)) {
                    if (eq >= 0) {
                        return null;
                    }
                    value = "true";
                } else if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    value = args[++i];
                } else {
                    return null;
                }
                if (value.startsWith("-")) {
                    return null;
                }
                options.set(row, value);
            } else {
                OptionTable.Row positional = options.row(OptionTable.POSITIONAL);
                if (positional == null || options.given.containsKey(OptionTable.POSITIONAL) || !arg.contains("://")) {
                    return null; // a stray word, maybe a command misspelt: picocli and CommandNames say so
                }
                options.set(positional, arg);
            }
        }
        options.applyDefaults();
        return commands;
    }

    /** The options of one command of the line: its fields and its mixins' fields, as the table lists them. */
    private static final class Options {
        private final ListenerCommand command;
        private final List<OptionTable.Row> rows = new ArrayList<>();
        private final Map<String, OptionTable.Row> byName = new HashMap<>();
        private final Map<String, String> given = new LinkedHashMap<>(); // first name -> last text given

        Options(ListenerCommand command) {
            this.command = command;
            command.given = given;
            OptionTable.rows(command.getClass(), "", row -> {
                rows.add(row);
                for (String name : row.names()) {
                    byName.put(name, row);
                }
            });
        }

        OptionTable.Row row(String name) {
            return byName.get(name);
        }

        void set(OptionTable.Row row, String text) throws Exception {
            Object value = row.convert(text);
            Holder h = holder(row.path());
            if (row.kind().equals(OptionTable.LIST)) {
                @SuppressWarnings("unchecked")
                List<Object> list = given.containsKey(row.firstName()) ? (List<Object>) h.field.get(h.owner) : new ArrayList<>();
                list.add(value);
                h.field.set(h.owner, list);
            } else {
                h.field.set(h.owner, value);
            }
            given.put(row.firstName(), text);
        }

        /** What picocli does for an option not given that has a default: the default, converted, in its field. */
        void applyDefaults() throws Exception {
            for (OptionTable.Row row : rows) { // a list, not a set: a record's first hashCode() links method handles, ~20 ms at start
                if (row.defaultValue() != null && !given.containsKey(row.firstName())) {
                    Object value = row.convert(row.defaultValue());
                    Holder h = holder(row.path());
                    h.field.set(h.owner, row.kind().equals(OptionTable.LIST) ? new ArrayList<>(List.of(value)) : value);
                }
            }
        }

        private record Holder(Object owner, Field field) {
        }

        /** The object and field a path such as {@code channels.dingtalk} names, from the command down its mixins. */
        private Holder holder(String path) throws Exception {
            Object owner = command;
            String[] steps = path.split("\\.");
            for (int i = 0; i < steps.length - 1; i++) {
                owner = field(owner.getClass(), steps[i]).get(owner);
            }
            return new Holder(owner, field(owner.getClass(), steps[steps.length - 1]));
        }

        private static Field field(Class<?> type, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Field f = c.getDeclaredField(name);
                    f.setAccessible(true);
                    return f;
                } catch (NoSuchFieldException e) {
                    // declared higher up
                }
            }
            throw new NoSuchFieldException(type.getName() + "." + name);
        }
    }

    /** The converters of the table's types, besides the commands' own ({@code converter =}): picocli's built-in ones. */
    static Object convertPlain(String type, String text) {
        return switch (type) {
            case "String" -> text;
            case "int", "Integer" -> Integer.valueOf(text);
            case "Path" -> Path.of(text);
            case "boolean" -> Boolean.valueOf(text);
            default -> throw new IllegalStateException("no converter for " + type);
        };
    }
}
