package io.superlance.docs;

import io.superlance.cli.Main;
import io.superlance.log.Log;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line exactly as {@code superlance} builds it ({@code Main.commandLine}, package-private, reached
 * by reflection so the doc tests need no hook in the code), run in this JVM with an environment of our choosing.
 */
final class Cli {
    private Cli() {
    }

    static CommandLine commandLine(String... args) {
        try {
            Method m = Main.class.getDeclaredMethod("commandLine", PrintWriter.class, String[].class);
            m.setAccessible(true);
            return (CommandLine) m.invoke(null, new PrintWriter(new StringWriter()), args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("io.superlance.cli.Main.commandLine(PrintWriter, String...) is gone", e);
        }
    }

    /** Every command {@code superlance --help} lists, by name, as picocli's model has them. */
    static Map<String, CommandLine> commands() {
        return commandLine().getSubcommands();
    }

    /** Every name of every option of a command (-p, --program, ...), as its --help lists them. */
    static List<OptionSpec> options(CommandLine command) {
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : command.getCommandSpec().options()) {
            if (!o.hidden()) {
                options.add(o);
            }
        }
        return options;
    }

    /** The exit status and what was written to stderr (log lines without their timestamps). */
    record Run(int status, String stderr) {
    }

    /** Runs {@code superlance ARGS} as Main does ({@code Main.run}: a listener's plain line without picocli), with {@code env} for the environment. */
    static Run run(Map<String, String> env, List<String> args) {
        String[] a = args.toArray(String[]::new);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        Log.to(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            Method run = Main.class.getDeclaredMethod("run", PrintWriter.class, PrintWriter.class, Map.class, String[].class);
            run.setAccessible(true);
            int status = (int) run.invoke(null, new PrintWriter(new StringWriter()), new PrintWriter(err, true), env, a);
            String lines = (err + log.toString(StandardCharsets.UTF_8)).strip();
            return new Run(status, lines.replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ", ""));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("io.superlance.cli.Main.run(PrintWriter, PrintWriter, Map, String...) is gone", e);
        } finally {
            Log.to(System.err);
        }
    }
}
