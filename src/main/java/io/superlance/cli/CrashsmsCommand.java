package io.superlance.cli;

import io.superlance.monitor.DigestMonitor;
import picocli.CommandLine.Command;

@Command(name = "crashsms", addMethodSubcommands = false, sortOptions = false, mixinStandardHelpOptions = true, versionProvider = SuperlanceCommand.Version.class,
        description = {"Send one compact digest of the unexpected exits of every interval, for an email-to-SMS gateway.",
                "Subscribe it to PROCESS_STATE_EXITED and the tick of -e (TICK_60 by default)."})
final class CrashsmsCommand extends DigestCommand {
    @Override
    DigestMonitor.Kind kind() {
        return DigestMonitor.Kind.CRASH_SMS;
    }
}
