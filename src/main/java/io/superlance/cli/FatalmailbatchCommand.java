package io.superlance.cli;

import io.superlance.monitor.DigestMonitor;
import picocli.CommandLine.Command;

@Command(name = "fatalmailbatch", addMethodSubcommands = false, sortOptions = false, mixinStandardHelpOptions = true, versionProvider = SuperlanceCommand.Version.class,
        description = {"Mail one digest of the programs that failed to start (FATAL) in every interval.",
                "Subscribe it to PROCESS_STATE_FATAL and the tick of -e (TICK_60 by default)."})
final class FatalmailbatchCommand extends DigestCommand {
    @Override
    DigestMonitor.Kind kind() {
        return DigestMonitor.Kind.FATAL;
    }
}
