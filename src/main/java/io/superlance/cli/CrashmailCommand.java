package io.superlance.cli;

import io.superlance.log.Log;
import io.superlance.monitor.CrashMailMonitor;
import io.superlance.monitor.ProgramSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "crashmail", addMethodSubcommands = false, sortOptions = false,
        description = {"Mail when a supervised program exits unexpectedly.",
                "Subscribe it to PROCESS_STATE_EXITED (or PROCESS_STATE)."})
final class CrashmailCommand extends MailingCommand {
    @Option(names = {"-p", "--program"}, paramLabel = "NAME",
            description = "Watch this program: NAME, GROUP:NAME or GROUP:*. Repeatable.")
    List<String> programs = new ArrayList<>();

    @Option(names = {"-a", "--any"}, description = "Watch every program (the default when no -p is given).")
    boolean any;

    @Option(names = {"-o", "--optionalheader"}, paramLabel = "PREFIX", description = "Prefix of the mail subject.")
    String optionalHeader;

    @Mixin
    TailOptions tail = new TailOptions();

    /** superlance's crashmail took a trailing URL it never used: one, and only a URL, so no stray word passes. */
    @Parameters(hidden = true, arity = "0..1")
    String ignoredUrl;

    /** superlance's crashmail piped every crash into an -s given without -m. */
    @Override
    boolean pipesWithoutRecipients() {
        return given.containsKey("-s");
    }

    @Override
    CrashMailMonitor monitor() {
        if (ignoredUrl != null && !ignoredUrl.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new ConfigException("unexpected argument '" + ignoredUrl + "': each option takes one word "
                    + "(a duration with its unit: 5m, 30s, 1h30m); only superlance's trailing URL is taken, and ignored");
        }
        if (ignoredUrl != null) {
            Log.of("crashmail").info("ignoring the trailing URL (superlance's crashmail never used it)");
        }
        return new CrashMailMonitor(ProgramSelector.of(programs, any || programs.isEmpty()), optionalHeader, null,
                tail.tail());
    }
}
