package io.superlance.cli;

import io.superlance.monitor.HttpOkMonitor;
import io.superlance.monitor.JsonCheck;
import io.superlance.monitor.ProgramSelector;
import io.superlance.monitor.RestartBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@Command(name = "httpok", addMethodSubcommands = false, sortOptions = false,
        description = {"Restart programs whose HTTP endpoint stops answering, and mail about it.",
                "On each TICK it GETs the URL; a timeout, a wrong status or body, or a failed --json check "
                        + "restarts the selected programs.",
                "Subscribe it to a TICK event, e.g. events=TICK_60."})
final class HttpokCommand extends MailingCommand {
    @Option(names = {"-p", "--program"}, paramLabel = "NAME",
            description = "Restart this program on failure: NAME, GROUP:NAME or GROUP:*. Repeatable. Without -p or -a: alert only.")
    List<String> programs = new ArrayList<>();

    @Option(names = {"-a", "--any"}, description = "Restart every RUNNING program on failure.")
    boolean any;

    @Option(names = {"-g", "--gcore"}, paramLabel = "PROG", defaultValue = "/usr/bin/gcore -o",
            description = "Core dump command, run as: PROG \"COREDIR/NAME\" PID. Default: ${DEFAULT-VALUE}.")
    String gcore;

    @Option(names = {"-d", "--coredir"}, paramLabel = "DIR", description = "Dump cores into DIR before restarting (with -g).")
    Path coreDir;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", defaultValue = "10", converter = Durations.Seconds.class,
            description = "Time allowed for the answer, connection-refused retries included (a bare number is seconds). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = {"-c", "--code"}, paramLabel = "STATUS", description = "Expected HTTP status. Repeatable. Default: 200.")
    List<Integer> codes = new ArrayList<>();

    @Option(names = {"-b", "--body"}, paramLabel = "TEXT", description = "A string the answer's body must contain.")
    String body;

    @Option(names = "--json", paramLabel = "PATH<N",
            description = "A JSON check of the body, e.g. 'CHANNEL.ch-1.ChannelFillPercentage<80' (<, <=, >, >=, ==, !=). Repeatable.")
    List<String> json = new ArrayList<>();

    @Option(names = {"-e", "--eager"}, description = "Check even when no selected program is RUNNING (the default).")
    boolean eager;

    @Option(names = {"-E", "--not-eager"}, description = "Skip the check when no selected program is RUNNING.")
    boolean notEager;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Name this httpok in subjects: 'httpok [NAME]: ...'.")
    String name;

    /** -w/--delay: superlance's later spelling of the same idea (seconds). */
    @Option(names = {"--grace", "-w", "--delay"}, paramLabel = "DURATION", converter = Durations.Seconds.class,
            description = "Leave alone a process started less than DURATION ago (e.g. 30s, 2m): a server needs time to come up.")
    Duration grace;

    @Option(names = "--max-restarts", paramLabel = "N/DURATION",
            description = "At most N restarts of one program within DURATION (e.g. 3/1h); past it, leave it alone and alert once.")
    String maxRestarts;

    @Option(names = "--for", paramLabel = "N", defaultValue = "1", converter = ForChecks.class,
            description = "An incident only after N consecutive bad checks of the status, the body or a --json check; "
                    + "a good check starts the count again. Default: ${DEFAULT-VALUE} (superlance: at once).")
    int forChecks;

    @Parameters(arity = "0..1", paramLabel = "URL", description = "The http:// or https:// URL to check.")
    String url;

    @Override
    HttpOkMonitor monitor() {
        if (url == null) {
            throw new ConfigException("give the URL to check, e.g. superlance httpok -p web http://127.0.0.1:8080/health");
        }
        String scheme;
        try {
            scheme = URI.create(url).getScheme();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'" + url + "' is not a URL: " + e.getMessage());
        }
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new ConfigException("'" + url + "': only http:// and https:// URLs can be checked");
        }
        if (eager && notEager) {
            throw new ConfigException("-e/--eager and -E/--not-eager contradict each other");
        }
        if (timeout.isZero()) {
            throw new ConfigException("-t must be positive");
        }
        if (coreDir != null && !(java.nio.file.Files.isDirectory(coreDir) && java.nio.file.Files.isWritable(coreDir))) {
            throw new ConfigException("-d/--coredir: " + coreDir + " is not a directory this listener can write to");
        }
        Set<Integer> expected = new LinkedHashSet<>(codes.isEmpty() ? List.of(200) : codes);
        List<JsonCheck> checks = new ArrayList<>();
        for (String j : json) {
            try {
                checks.add(JsonCheck.parse(j));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--json " + e.getMessage());
            }
        }
        ProgramSelector selector = any || !programs.isEmpty() ? ProgramSelector.of(programs, any) : null;
        RestartBudget budget = new RestartBudget(maxRestarts == null ? null : Units.restartLimit("--max-restarts", maxRestarts));
        return new HttpOkMonitor(HttpOkMonitor.Settings.of(url).timeout(timeout).codes(expected).body(body).json(checks).eager(!notEager)
                .name(name).programs(selector).gcore(gcore).coreDir(coreDir).grace(grace).graceText(graceText()).build(), budget,
                incidents("httpok", forChecks));
    }

    /** --grace as the user wrote it, for the log line that says a process was left alone. */
    private String graceText() {
        if (grace == null) {
            return null;
        }
        return given.get("--grace");
    }

    @Override
    boolean actsWithoutChannel() {
        return any || !programs.isEmpty(); // it restarts
    }
}
