package io.superlance.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link QuickParse} reads the listener commands' plain lines without picocli's model: these tests hold it to
 * picocli. Its table is the annotations ({@link OptionTableText} is generated here: after changing an option,
 * {@code mvn -q test -Dtest=OptionTableTest -Dsuperlance.writeOptionTable=true} writes it anew), and every line it
 * reads leaves every field of every command and mixin as picocli leaves it, defaults included; every line
 * picocli refuses, it leaves to picocli.
 */
class OptionTableTest {
    private static final Path SOURCE = Path.of("src/main/java/io/superlance/cli/OptionTableText.java");
    private static final String PACKAGE = OptionTable.class.getPackageName();

    @Test
    void theTableIsTheAnnotations() throws Exception {
        String source = source(table());
        if (Boolean.getBoolean("superlance.writeOptionTable")) {
            Files.writeString(SOURCE, source);
        }
        assertEquals(source, Files.readString(SOURCE), "OptionTableText.java no longer matches the options' annotations: "
                + "write it anew with mvn -q test -Dtest=OptionTableTest -Dsuperlance.writeOptionTable=true");
    }

    @Test
    void everyOptionOfEveryCommandIsReadAsPicocliReadsIt() throws Exception {
        int read = 0;
        for (String command : SuperlanceCommand.NAMES) {
            List<OptionTable.Row> rows = new ArrayList<>();
            OptionTable.rows(SuperlanceCommand.create(command).getClass(), "", rows::add);
            assertEquals(false, rows.isEmpty(), command);
            List<List<String>> lines = new ArrayList<>();
            lines.add(List.of(command));
            for (OptionTable.Row row : rows) {
                String[] values = samples(row);
                if (row.kind().equals(OptionTable.POSITIONAL)) {
                    lines.add(List.of(command, values[0]));
                    continue;
                }
                // each name once; each sample value and the --name=value form by one name only (a line
                // costs picocli's whole model, some 20 ms)
                for (String name : row.names()) {
                    boolean first = name.equals(row.firstName());
                    switch (row.kind()) {
                        case OptionTable.FLAG -> lines.add(List.of(command, name));
                        case OptionTable.LIST -> lines.add(List.of(command, name, values[0], name, values[1]));
                        case OptionTable.VALUE -> {
                            for (String v : first ? List.of(values) : List.of(values[0])) {
                                lines.add(List.of(command, name, v));
                            }
                        }
                        default -> lines.add(List.of(command, name, "a=/tmp/b")); // read by picocli only
                    }
                }
                String longName = row.names().stream().filter(n -> n.startsWith("--")).findFirst().orElse(null);
                if (row.kind().equals(OptionTable.VALUE) && longName != null) {
                    lines.add(List.of(command, longName + "=" + values[0]));
                }
            }
            for (List<String> line : lines) { // each line, whatever picocli makes of it
                read += same(line) ? 1 : 0;
            }
        }
        assertEquals(true, read > 300, "lines read without picocli: " + read);
    }

    @Test
    void linesOfSeveralCommands_andLinesLeftToPicocli() throws Exception {
        assertReadHere("crashmail", "-a", "-m", "ops@example.com", "memmon", "-a", "200MB", "-m", "ops@example.com",
                "httpok", "-p", "web", "-m", "ops@example.com", "http://127.0.0.1:8080/health");
        assertReadHere("crashmail", "-p", "memmon", "-p", "web", "-m", "ops@example.com"); // a program named like a command
        assertReadHere("crashmail", "-p", "web", "-m", "a@example.com", "crashmail", "-p", "db", "-m", "b@example.com");
        assertReadHere("crashmail", "-a", "-m", "ops@example.com", "http://superlance.example.com/ignored");
        assertReadHere("heartbeat", "--program", "web", "--for", "2", "--dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=x");
        for (List<String> line : List.<List<String>>of(
                List.of(), List.of("--version"), List.of("status"), List.of("silence", "list"),
                List.of("crashmail", "--help"), List.of("crashmail", "-h"), List.of("crashmailbatch", "-V"),
                List.of("crashmail", "-ap", "web"), List.of("crashmail", "-pweb"), // clustered, attached: picocli's
                List.of("crashmail", "-m", "a@example.com", "-m", "b@example.com"), // twice
                List.of("crashmail", "-a", "-a"),
                List.of("crashmail", "-m"), List.of("crashmail", "-m", "-a"), List.of("crashmail", "--any=true"),
                List.of("crashmail", "--tail", "ten"), List.of("memmon", "--for", "0"), List.of("crashmail", "--repeat", "5", "minutes"),
                List.of("crashmail", "-a", "memon", "-a", "200MB"), List.of("crashmail", "stray"),
                List.of("crashmail", "--", "-a"), List.of("crashmail", "--emial", "a@example.com"),
                List.of("httpok", "http://a/", "http://b/"), List.of("crashmail", "--template", "crash=/tmp/t"))) {
            assertNull(QuickParse.parse(line.toArray(String[]::new)), "left to picocli: " + line);
        }
    }

    private static void assertReadHere(String... line) throws Exception {
        assertEquals(true, same(List.of(line)), "read without picocli: " + List.of(line));
    }

    /** Reads the line both ways: true when QuickParse read it (and the fields are picocli's), false when it left it. */
    private static boolean same(List<String> line) throws Exception {
        String[] args = line.toArray(String[]::new);
        List<QuickParse.Parsed> quick = QuickParse.parse(args);
        CommandLine.ParseResult parsed;
        try {
            parsed = Main.commandLine(new PrintWriter(Writer.nullWriter()), args).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            assertNull(quick, "picocli refuses " + line + " (" + e.getMessage() + "): QuickParse must leave it");
            return false;
        }
        if (quick == null) {
            return false;
        }
        List<CommandLine.ParseResult> commands = parsed.subcommands();
        assertEquals(commands.size(), quick.size(), line.toString());
        for (int i = 0; i < commands.size(); i++) {
            Object picocli = commands.get(i).commandSpec().userObject();
            assertEquals(commands.get(i).commandSpec().name(), quick.get(i).name(), line.toString());
            assertEquals(fields(picocli), fields(quick.get(i).command()), line.toString());
            assertEquals(Launcher.given(commands.get(i)), quick.get(i).command().given, line.toString());
        }
        return true;
    }

    /** Every field of an object, its superclasses' and its mixins' (by path), but its @Spec and what the launcher sets. */
    private static Map<String, Object> fields(Object o) throws IllegalAccessException {
        Map<String, Object> m = new TreeMap<>();
        for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(Spec.class) || f.isSynthetic()
                        || f.getName().equals("env") || f.getName().equals("given")) {
                    continue;
                }
                f.setAccessible(true);
                Object v = f.get(o);
                if (f.isAnnotationPresent(Mixin.class)) {
                    fields(v).forEach((k, x) -> m.put(f.getName() + "." + k, x));
                } else {
                    m.put(f.getName(), v);
                }
            }
        }
        return m;
    }

    /** Values picocli takes for the row's type (two, for lists). */
    private static String[] samples(OptionTable.Row row) {
        if (row.kind().equals(OptionTable.POSITIONAL)) {
            return new String[]{"http://127.0.0.1:8080/health"};
        }
        String type = row.converter() != null ? row.converter() : row.type();
        return switch (type) {
            case "int", "Integer", "ForChecks" -> new String[]{"3", "2"};
            case "Path" -> new String[]{"/tmp/superlance-a", "/tmp/superlance-b"};
            case "Durations$Seconds" -> new String[]{"90", "5m", "1h30m"};
            case "Durations$Minutes" -> new String[]{"1.5", "2h"};
            default -> new String[]{"x1", "web"};
        };
    }

    /** The table of the listener commands, their superclasses and their mixins, by class name. */
    static Map<String, List<String>> table() {
        Map<String, List<String>> table = new TreeMap<>();
        Set<Class<?>> todo = new LinkedHashSet<>();
        for (String name : SuperlanceCommand.NAMES) {
            todo.add(SuperlanceCommand.create(name).getClass());
        }
        while (!todo.isEmpty()) {
            Class<?> c = todo.iterator().next();
            todo.remove(c);
            if (c == Object.class || table.containsKey(c.getSimpleName())) {
                continue;
            }
            todo.add(c.getSuperclass());
            List<String> rows = new ArrayList<>();
            Field[] fields = c.getDeclaredFields();
            Arrays.sort(fields, Comparator.comparing(Field::getName));
            for (Field f : fields) {
                if (f.isAnnotationPresent(Mixin.class)) {
                    rows.add(String.join("\t", OptionTable.MIXIN, f.getName(), f.getType().getSimpleName(), "", "", ""));
                    todo.add(f.getType());
                } else if (f.isAnnotationPresent(Option.class)) {
                    rows.add(option(f, f.getAnnotation(Option.class)));
                } else if (f.isAnnotationPresent(Parameters.class)) {
                    Parameters p = f.getAnnotation(Parameters.class);
                    if (!p.arity().equals("0..1") || !(p.index().isEmpty() || p.index().equals("0")) || f.getType() != String.class) {
                        fail(f + ": QuickParse reads one String positional parameter of arity 0..1 only");
                    }
                    rows.add(String.join("\t", OptionTable.POSITIONAL, f.getName(), "String", "", "", ""));
                } else if (Arrays.stream(f.getAnnotations()).anyMatch(a -> a.annotationType().getName().startsWith("picocli.")
                        && a.annotationType() != Spec.class)) {
                    fail(f + ": an annotation QuickParse does not know");
                }
            }
            if (!rows.isEmpty()) {
                table.put(c.getSimpleName(), rows);
            }
        }
        return table;
    }

    private static String option(Field f, Option o) {
        if (!o.arity().isEmpty() || !o.split().isEmpty() || o.negatable() || !o.fallbackValue().isEmpty() || o.required()
                || o.interactive() || o.type().length > 0 || o.converter().length > 1 || o.defaultValue().contains("${")
                || o.defaultValue().equals(Option.NULL_VALUE)
                || !o.preprocessor().getSimpleName().startsWith("NoOp") || !o.parameterConsumer().getSimpleName().startsWith("Null")
                || Modifier.isPrivate(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
            fail(f + ": an option QuickParse does not read as picocli does (arity, split, negatable, fallback, required, "
                    + "interactive, several converters, an interpolated default, a private or final field)");
        }
        String kind;
        String type;
        if (f.getType() == boolean.class) {
            kind = OptionTable.FLAG;
            type = "boolean";
        } else if (f.getType() == List.class) {
            kind = OptionTable.LIST;
            type = ((Class<?>) ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0]).getSimpleName();
        } else if (f.getType() == Map.class) {
            kind = "map";
            type = "Map";
        } else {
            kind = OptionTable.VALUE;
            type = f.getType().getSimpleName();
        }
        if (o.converter().length == 0 && !List.of("boolean", "String", "int", "Integer", "Path", "Map").contains(type)) {
            fail(f + ": " + type + " has no converter QuickParse knows");
        }
        String converter = o.converter().length == 0 ? "" : o.converter()[0].getName().substring(PACKAGE.length() + 1);
        String defaultValue = o.defaultValue().equals("__no_default_value__") ? "" : o.defaultValue();
        return String.join("\t", kind, f.getName(), type, converter, defaultValue, String.join(" ", o.names()));
    }

    private static String source(Map<String, List<String>> table) {
        StringBuilder b = new StringBuilder();
        b.append("package io.superlance.cli;\n\n");
        b.append("/** Generated by OptionTableTest from the options' annotations, for {@link OptionTable}: do not edit. */\n");
        b.append("final class OptionTableText {\n");
        b.append("    private OptionTableText() {\n    }\n\n");
        b.append("    static final String TEXT = \"\"\n");
        for (Map.Entry<String, List<String>> c : table.entrySet()) {
            b.append("            + \"class\\t").append(c.getKey()).append("\\n\"\n");
            for (String row : c.getValue()) {
                b.append("            + \"").append(row.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t")).append("\\n\"\n");
            }
        }
        b.append("            ;\n}\n");
        return b.toString();
    }
}
