package io.superlance.cli;

import io.superlance.monitor.MemMonitor;
import io.superlance.monitor.MemoryLimits;
import io.superlance.monitor.RestartBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "memmon", addMethodSubcommands = false, sortOptions = false,
        description = {"Restart supervised programs whose memory (RSS) passes a limit, and mail about it.",
                "Subscribe it to a TICK event, e.g. events=TICK_60."})
final class MemmonCommand extends MailingCommand {
    @Option(names = {"-p", "--program"}, paramLabel = "NAME=SIZE",
            description = "Limit for a program: NAME or GROUP:NAME, SIZE in bytes or with KB, MB, GB. Repeatable.")
    List<String> programs = new ArrayList<>();

    @Option(names = {"-g", "--group", "--groupname"}, paramLabel = "GROUP=SIZE",
            description = "Limit for every process of a group. Repeatable.")
    List<String> groups = new ArrayList<>();

    @Option(names = {"-a", "--any"}, paramLabel = "SIZE", description = "Limit for every other process.")
    String any;

    @Option(names = {"-c", "--cumulative"},
            description = "Count a process's RSS together with that of all its descendants.")
    boolean cumulative;

    @Option(names = {"-u", "--uptime"}, paramLabel = "DURATION", converter = Durations.Seconds.class,
            description = "Alert only when the restarted process had been up at most this long (a bare number is seconds).")
    Duration uptime;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Name this memmon in subjects: 'memmon [NAME]: ...'.")
    String name;

    @Option(names = "--for", paramLabel = "N", defaultValue = "1", converter = ForChecks.class,
            description = "Restart only after N consecutive checks over the limit. Default: ${DEFAULT-VALUE}.")
    int forChecks;

    @Option(names = "--max-restarts", paramLabel = "N/DURATION",
            description = "At most N restarts of one program within DURATION (e.g. 3/1h); past it, leave the program alone and alert once.")
    String maxRestarts;

    @Override
    MemMonitor monitor() {
        Map<String, Long> programLimits = new LinkedHashMap<>();
        for (String p : programs) {
            String[] ns = Units.nameAndSize("-p", p);
            programLimits.put(ns[0], Units.size("-p " + ns[0], ns[1]));
        }
        Map<String, Long> groupLimits = new LinkedHashMap<>();
        for (String g : groups) {
            String[] ns = Units.nameAndSize("-g", g);
            groupLimits.put(ns[0], Units.size("-g " + ns[0], ns[1]));
        }
        Long anyLimit = any == null ? null : Units.size("-a", any);
        MemoryLimits limits = new MemoryLimits(programLimits, groupLimits, anyLimit);
        if (limits.isEmpty() && !delivery.testAlert) {
            throw new ConfigException("give at least one limit: -p NAME=SIZE, -g GROUP=SIZE or -a SIZE");
        }
        RestartBudget budget = new RestartBudget(maxRestarts == null ? null : Units.restartLimit("--max-restarts", maxRestarts));
        return new MemMonitor(limits, cumulative, uptime, name, forChecks, budget, null);
    }

    @Override
    boolean actsWithoutChannel() {
        return true; // it restarts
    }
}
