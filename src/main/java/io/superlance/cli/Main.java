package io.superlance.cli;

import io.superlance.protocol.Stdout;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Help and version go to the real stdout; anything else that prints to System.out (a library,
        // a stray debug line) lands on stderr, because under supervisord stdout is the protocol's.
        OutputStream out;
        try {
            out = Stdout.open(System.getenv());
        } catch (IOException e) {
            System.err.println("superlance: cannot open the original stdout: " + e.getMessage());
            System.exit(1);
            return;
        }
        PrintWriter stdout = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        System.setOut(System.err);
        Preload.start(args);
        System.exit(run(stdout, null, System.getenv(), args));
    }

    /**
     * Runs {@code superlance ARGS}: a listener's plain line, as supervisord starts it, read by {@link QuickParse}
     * without picocli's model; any other line by picocli.
     * @param stderr where picocli writes its messages; null for its own default, stderr
     */
    static int run(PrintWriter stdout, PrintWriter stderr, Map<String, String> env, String... args) {
        List<QuickParse.Parsed> listeners = QuickParse.parse(args);
        if (listeners != null) {
            return new Launcher(env).listen(listeners);
        }
        CommandLine cl = commandLine(stdout, args);
        if (stderr != null) {
            cl.setErr(stderr);
        }
        cl.setExecutionStrategy(new Launcher(env));
        return cl.execute(args);
    }

    /**
     * What picocli is told not to register a converter for. It registers its java.sql and java.time converters
     * in every CommandLine by Class.forName: java.sql is not in the image (a ClassNotFoundException thrown,
     * through every jar of the class path, and caught for each) and java.time's classes get initialised
     * (MonthDay, Year and the others build their formatters and load locale data): a tenth of the root
     * command's model before the first READY. No option takes a type of either package through picocli's
     * converters: durations have ours ({@link Durations}).
     */
    static final String CONVERTERS_LEFT_OUT = "java\\.(sql|time)\\..*";

    static CommandLine commandLine(PrintWriter stdout, String... args) {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", CONVERTERS_LEFT_OUT);
        }
        CommandLine cl = new CommandLine(new SuperlanceCommand());
        boolean named = false;
        for (String arg : args) {
            named |= SuperlanceCommand.NAMES.contains(arg);
        }
        for (String name : SuperlanceCommand.NAMES) {
            if (!named || Arrays.asList(args).contains(name)) {
                cl.addSubcommand(name, SuperlanceCommand.create(name));
            }
        }
        if (!named || Arrays.asList(args).contains("status")) {
            cl.addSubcommand("status", new StatusCommand()); // not a listener: not among NAMES
        }
        if (!named || Arrays.asList(args).contains("silence")) {
            cl.addSubcommand("silence", new SilenceCommand());
        }
        HelpLayout.install(cl);
        cl.setOut(stdout);
        cl.setParameterExceptionHandler((ex, rest) -> {
            String unknown = CommandNames.unknownCommand(cl, Arrays.asList(args));
            if (unknown != null) { // "--any should be specified only once" when memon was meant to start a memmon
                ex.getCommandLine().getErr().println("superlance: " + unknown);
                return 2;
            }
            String qualified = ex.getCommandLine().getCommandSpec().qualifiedName(" "); // superlance silence add
            String said = ex instanceof CommandLine.UnmatchedArgumentException unmatched ? unmatched(unmatched) : ex.getMessage();
            ex.getCommandLine().getErr().println(qualified + ": " + said + " (see '" + qualified + " --help')");
            return 2;
        });
        cl.setExecutionStrategy(new Launcher(System.getenv()));
        // a program may be called like a command (-p memmon): an option's value is never taken for a command
        cl.setAllowSubcommandsAsOptionParameters(true);
        return cl;
    }

    /**
     * An unknown option with the closest one ({@code --emial}: did you mean --email?); a word no option takes,
     * which is mostly a value split in two ({@code --min-interval 5 minutes}).
     */
    static String unmatched(CommandLine.UnmatchedArgumentException e) {
        java.util.List<String> words = e.getUnmatched();
        String first = words.isEmpty() ? "" : words.get(0);
        if (first.startsWith("-")) {
            java.util.List<String> close = e.getSuggestions();
            return "unknown option '" + first + "'" + (close.isEmpty() ? "" : " (did you mean " + close.get(0) + "?)");
        }
        return "unexpected argument '" + first + "': each option takes one word (a duration with its unit: 5m, 30s, 1h30m)";
    }
}
