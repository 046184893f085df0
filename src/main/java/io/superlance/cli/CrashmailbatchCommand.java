package io.superlance.cli;

import io.superlance.monitor.DigestMonitor;
import picocli.CommandLine.Command;

@Command(name = "crashmailbatch", addMethodSubcommands = false, sortOptions = false, mixinStandardHelpOptions = true, versionProvider = SuperlanceCommand.Version.class,
        description = {"Mail one digest of the unexpected exits of every interval.",
                "Subscribe it to PROCESS_STATE_EXITED and the tick of -e (TICK_60 by default)."})
final class CrashmailbatchCommand extends DigestCommand {
    @Override
    DigestMonitor.Kind kind() {
        return DigestMonitor.Kind.CRASH;
    }
}
