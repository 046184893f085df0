package io.superlance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@Command(name = "superlance", addMethodSubcommands = false, mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        subcommandsRepeatable = true, versionProvider = SuperlanceCommand.Version.class,
        description = {"supervisord event listeners: crash alerts, digests, memory and HTTP watchdogs.",
                "Run from an [eventlistener:x] block of supervisord.conf.",
                "Several commands on one line share one process, e.g.",
                "  superlance crashmail -a -m ops@example.com memmon -a 200MB -m ops@example.com"})
// Every @Command here says addMethodSubcommands = false: we have no method subcommands, and looking
// for them parses the annotations of every method of the class at each start.
final class SuperlanceCommand {
    /** The listener commands' names, in the order --help lists them. Main adds only those named on the
     *  command line: picocli builds each one's model eagerly, and that is most of our start-up time. */
    static final Set<String> NAMES = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "crashmail", "crashmailbatch", "fatalmailbatch", "crashsms", "memmon", "httpok", "heartbeat", "logmon")));

    /** A new listener command of that name (a switch, not a map of constructor references: each reference is
     *  a lambda linked at start, and all eight would be, on the way to the first READY). */
    static ListenerCommand create(String name) {
        return switch (name) {
            case "crashmail" -> new CrashmailCommand();
            case "crashmailbatch" -> new CrashmailbatchCommand();
            case "fatalmailbatch" -> new FatalmailbatchCommand();
            case "crashsms" -> new CrashsmsCommand();
            case "memmon" -> new MemmonCommand();
            case "httpok" -> new HttpokCommand();
            case "heartbeat" -> new HeartbeatCommand();
            case "logmon" -> new LogmonCommand();
            default -> throw new IllegalArgumentException("no listener command " + name);
        };
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"superlance " + io.superlance.Version.number()};
        }
    }
}
