package io.superlance.cli;

import io.superlance.monitor.LogMonitor;
import io.superlance.monitor.ProgramSelector;
import io.superlance.protocol.ProcessId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

@Command(name = "logmon", addMethodSubcommands = false, sortOptions = false,
        description = {"Alert on lines of programs' output that match a pattern.",
                "A burst's first line goes out at once, the lines that follow within --window as one alert.",
                "Subscribe it to PROCESS_LOG (or PROCESS_LOG_STDOUT / PROCESS_LOG_STDERR); the programs need "
                        + "stdout_events_enabled=true and/or stderr_events_enabled=true."})
final class LogmonCommand extends MailingCommand {
    @Option(names = {"-p", "--program"}, paramLabel = "NAME",
            description = "Watch this program's output: NAME, GROUP:NAME or GROUP:*. Repeatable. Default: all.")
    List<String> programs = new ArrayList<>();

    @Option(names = {"-a", "--any"}, description = "Watch every program's output (the default without -p).")
    boolean any;

    @Option(names = "--match", paramLabel = "REGEX",
            description = "Alert on lines containing a match of REGEX (Java syntax, e.g. 'ERROR|Traceback|status=5\\d\\d'). Repeatable; at least one.")
    List<String> match = new ArrayList<>();

    @Option(names = "--ignore", paramLabel = "REGEX", description = "Skip matching lines that also match REGEX. Repeatable.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--channel", paramLabel = "CHANNEL", defaultValue = "both",
            description = "stdout, stderr or both. Default: ${DEFAULT-VALUE}.")
    String channel;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "10", converter = Durations.Seconds.class,
            description = "After a program's first matching line (sent at once), fold the lines that follow over this long into one alert (a bare number is seconds). Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Override
    LogMonitor monitor() {
        if (match.isEmpty()) {
            throw new ConfigException("give at least one --match REGEX (--match . for every line)");
        }
        Set<String> which = switch (channel) {
            case "stdout" -> Set.of("stdout");
            case "stderr" -> Set.of("stderr");
            case "both" -> Set.of("stdout", "stderr");
            default -> throw new ConfigException("--channel: '" + channel + "' is not stdout, stderr or both");
        };
        if (window.isZero()) {
            throw new ConfigException("--window must be positive");
        }
        return new LogMonitor(new LogMonitor.Settings(ProgramSelector.of(programs, any || programs.isEmpty()),
                patterns("--match", match), patterns("--ignore", ignore), which, window, self(System.getenv()), null,
                Settings.hostname(channels)));
    }

    private static ProcessId self(Map<String, String> env) {
        String group = env.get("SUPERVISOR_GROUP_NAME");
        String name = env.get("SUPERVISOR_PROCESS_NAME");
        return group == null || name == null ? null : new ProcessId(group, name);
    }

    private static List<Pattern> patterns(String option, List<String> texts) {
        List<Pattern> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(Pattern.compile(t));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(option + ": '" + t + "' is not a regular expression: " + e.getDescription());
            }
        }
        return out;
    }
}
