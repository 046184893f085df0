package io.superlance.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The options of the listener commands and their mixins as their picocli annotations declare them, read
 * from {@link OptionTableText} (generated from the annotations by {@code OptionTableTest}, which fails when
 * it no longer matches them), for {@link QuickParse}. One line per field: its kind, its path from the
 * class, its type, its converter, its default and its names, tab-separated; {@code class NAME} starts a class.
 */
final class OptionTable {
    static final String FLAG = "flag";
    static final String VALUE = "value";
    static final String LIST = "list";
    static final String MIXIN = "mixin";
    /** The kind, and the name looked up, of a command's positional parameter. */
    static final String POSITIONAL = "positional";

    private static Map<String, List<Row>> byClass;

    private OptionTable() {
    }

    /**
     * One field: an option ({@link #FLAG}, {@link #VALUE}, {@link #LIST}), the {@link #POSITIONAL} parameter,
     * or a {@link #MIXIN} (its type the mixin's class).
     *
     * @param converter the class of its {@code converter =}, relative to this package; null for picocli's own
     * @param defaultValue its {@code defaultValue =}; null when none
     */
    record Row(String kind, String path, String type, String converter, String defaultValue, List<String> names) {
        String firstName() {
            return names.get(0);
        }

        Object convert(String text) throws Exception {
            if (converter == null) {
                return QuickParse.convertPlain(type, text);
            }
            CommandLine.ITypeConverter<?> c = (CommandLine.ITypeConverter<?>) Class.forName(OptionTable.class.getPackageName() + "." + converter)
                    .getDeclaredConstructor().newInstance();
            return c.convert(text);
        }

        Row under(String prefix) {
            return new Row(kind, prefix + path, type, converter, defaultValue, names);
        }
    }

    /** Hands {@code take} every option and positional row of {@code type}, its superclasses and its mixins, with their paths from it. */
    static void rows(Class<?> type, String prefix, Consumer<Row> take) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Row row : table().getOrDefault(c.getSimpleName(), List.of())) {
                if (row.kind().equals(MIXIN)) {
                    try {
                        rows(Class.forName(OptionTable.class.getPackageName() + "." + row.type()), prefix + row.path() + ".", take);
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                } else {
                    take.accept(row.under(prefix));
                }
            }
        }
    }

    private static synchronized Map<String, List<Row>> table() {
        if (byClass == null) {
            byClass = read(OptionTableText.TEXT);
        }
        return byClass;
    }

    static Map<String, List<Row>> read(String text) {
        Map<String, List<Row>> m = new HashMap<>();
        List<Row> current = null;
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("class")) {
                current = new ArrayList<>();
                m.put(f[1], current);
            } else if (!line.isBlank()) {
                current.add(new Row(f[0], f[1], f[2], f[3].isEmpty() ? null : f[3], f[4].isEmpty() ? null : f[4],
                        f[5].isEmpty() ? List.of(POSITIONAL) : Arrays.asList(f[5].split(" "))));
            }
        }
        return m;
    }
}
