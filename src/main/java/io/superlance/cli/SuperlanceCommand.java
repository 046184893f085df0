package io.superlance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

@Command(name = "superlance", addMethodSubcommands = false, mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        subcommandsRepeatable = true, versionProvider = SuperlanceCommand.Version.class,
        description = {"supervisord event listeners: crash alerts, digests, memory and HTTP watchdogs.",
                "Run from an [eventlistener:x] block of supervisord.conf.",
                "Several commands on one line share one process, e.g.",
                "  superlance crashmail -a -m ops@example.com memmon -a 200MB -m ops@example.com"})
// Every @Command here says addMethodSubcommands = false: we have no method subcommands, and looking
// for them parses the annotations of every method of the class at each start.
final class SuperlanceCommand {
    /** The commands, by name. Main adds only those named on the command line: picocli builds each one's
     *  model eagerly, and that is most of our start-up time. */
    static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("crashmail", CrashmailCommand::new);
        m.put("crashmailbatch", CrashmailbatchCommand::new);
        m.put("fatalmailbatch", FatalmailbatchCommand::new);
        m.put("crashsms", CrashsmsCommand::new);
        m.put("memmon", MemmonCommand::new);
        m.put("httpok", HttpokCommand::new);
        m.put("heartbeat", HeartbeatCommand::new);
        m.put("logmon", LogmonCommand::new);
        return Collections.unmodifiableMap(m);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"superlance " + io.superlance.Version.number()};
        }
    }
}
