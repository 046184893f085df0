package io.superlance.cli;

import io.superlance.alert.spool.SpoolLocation;
import io.superlance.listener.ListenerProcess;
import io.superlance.listener.TestAlertRun;
import io.superlance.listener.MonitorSetup;
import io.superlance.log.Log;
import io.superlance.protocol.EventReader.LenUnit;
import io.superlance.status.HostStatus;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs what the command line asks for: help or version, else the monitors of every command on it
 * ({@code superlance crashmail ... memmon ... httpok ...}) in one listener process.
 */
final class Launcher implements CommandLine.IExecutionStrategy {
    private final Map<String, String> env;

    Launcher(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public int execute(ParseResult parsed) {
        Integer helped = CommandLine.executeHelpRequest(parsed);
        if (helped != null) {
            return helped;
        }
        List<ParseResult> commands = parsed.subcommands();
        if (commands.isEmpty()) {
            throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                    "name a command, e.g. crashmail (superlance --help lists them)");
        }
        if (commands.get(0).commandSpec().userObject() instanceof SilenceCommand) { // before the check below: a reason is any word
            if (commands.size() > 1) {
                throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(), "silence takes no other command");
            }
            return SilenceCommand.execute(commands.get(0), env, parsed.commandSpec().commandLine().getOut(), Clock.systemDefaultZone());
        }
        String unknown = CommandNames.unknownCommand(parsed.commandSpec().commandLine(), parsed.originalArgs());
        if (unknown != null) { // taken as a stray argument, the command meant would silently not run
            throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(), unknown);
        }
        if (commands.get(0).commandSpec().userObject() instanceof StatusCommand status) {
            if (commands.size() > 1) {
                throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(), "status takes no other command");
            }
            return status(status, parsed.commandSpec().commandLine().getOut());
        }
        List<QuickParse.Parsed> listeners = new ArrayList<>();
        for (ParseResult c : commands) {
            ListenerCommand command = (ListenerCommand) c.commandSpec().userObject();
            command.given = given(c);
            listeners.add(new QuickParse.Parsed(c.commandSpec().name(), command));
        }
        return listen(listeners);
    }

    /**
     * What each option given was given, by the option's first name (its last text; "true" for a flag), as
     * {@link QuickParse} tells it for the lines it reads.
     */
    static Map<String, String> given(ParseResult c) {
        Map<String, String> given = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec o : c.matchedOptions()) {
            List<String> texts = o.originalStringValues();
            given.put(o.names()[0], o.arity().max() == 0 ? "true" : texts.get(texts.size() - 1));
        }
        for (CommandLine.Model.PositionalParamSpec p : c.matchedPositionals()) {
            List<String> texts = p.originalStringValues();
            given.put(OptionTable.POSITIONAL, texts.get(texts.size() - 1));
        }
        return given;
    }

    /** Runs the monitors of the listener commands of the line in one listener process, or their test alerts. */
    int listen(List<QuickParse.Parsed> commands) {
        List<String> names = new ArrayList<>();
        for (QuickParse.Parsed c : commands) {
            names.add(c.name());
        }
        Log.name(names); // before the set-up, which may warn
        try {
            List<MonitorSetup> setups = new ArrayList<>();
            List<MonitorSetup> tests = new ArrayList<>();
            LenUnit lenCounts = null;
            Path metrics = null;
            for (QuickParse.Parsed c : commands) {
                ListenerCommand command = c.command();
                if (command.delivery.metricsFile != null) {
                    metrics = command.delivery.metricsFile;
                }
                if (command.delivery.lenCounts != null) {
                    lenCounts = lenUnit(command.delivery.lenCounts);
                }
                MonitorSetup s;
                try {
                    s = command.setup(env);
                } catch (ConfigException e) { // said as the command's, so a combined line says which one is wrong
                    Log.of(c.name()).error(e.getMessage());
                    return 2;
                }
                setups.add(s);
                if (s.testAlert()) {
                    tests.add(s);
                }
            }
            if (!tests.isEmpty()) {
                return TestAlertRun.run(tests, env, Clock.systemUTC());
            }
            if (metrics != null && (metrics.getFileName() == null || !Files.isDirectory(metrics.toAbsolutePath().getParent()))) {
                throw new ConfigException("--metrics-file: " + metrics + " is not in an existing directory");
            }
            return ListenerProcess.run(setups, env, lenCounts, metrics);
        } catch (ConfigException e) {
            Log.error(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            Log.error("stopped by an unexpected error: " + Log.describe(e));
            return 1;
        }
    }

    private int status(StatusCommand c, java.io.PrintWriter out) {
        Path root = c.spoolDir != null ? c.spoolDir : SpoolLocation.stateDir(env);
        try {
            List<HostStatus.Monitor> monitors = HostStatus.read(root);
            out.print(c.json ? HostStatus.json(monitors) : silences(root, monitors) + HostStatus.table(monitors, Instant.now()));
            out.flush();
            return 0;
        } catch (IOException e) {
            System.err.println("superlance status: cannot read " + root + ": " + Log.describe(e));
            return 2;
        }
    }

    /** The silences in force, above the monitors; a store that cannot be read is said, and the rest shown. */
    private static String silences(Path root, List<HostStatus.Monitor> monitors) {
        Instant now = Instant.now();
        try {
            return HostStatus.silencesTable(HostStatus.silences(root, monitors, now), now);
        } catch (IOException e) {
            return "silences: cannot be read: " + Log.describe(e) + "\n";
        }
    }

    private static LenUnit lenUnit(String option) {
        return switch (option) {
            case "characters" -> LenUnit.CHARACTERS;
            case "bytes" -> LenUnit.BYTES;
            default -> throw new ConfigException("--len-counts: '" + option + "' is not characters or bytes");
        };
    }
}
