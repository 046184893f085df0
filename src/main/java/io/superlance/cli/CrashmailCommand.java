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
import java.util.concurrent.Callable;

@Command(name = "crashmail", sortOptions = false,
        description = {"Mail when a supervised program exits unexpectedly.",
                "Subscribe it to PROCESS_STATE_EXITED (or PROCESS_STATE)."})
final class CrashmailCommand implements Callable<Integer> {
    @Option(names = {"-p", "--program"}, paramLabel = "NAME",
            description = "Watch this program: NAME, GROUP:NAME or GROUP:*. Repeatable.")
    List<String> programs = new ArrayList<>();

    @Option(names = {"-a", "--any"}, description = "Watch every program (the default when no -p is given).")
    boolean any;

    @Option(names = {"-o", "--optionalheader"}, paramLabel = "PREFIX", description = "Prefix of the mail subject.")
    String optionalHeader;

    @Mixin
    MailOptions mail = new MailOptions();

    @Mixin
    ChannelOptions channels = new ChannelOptions();

    @Mixin
    ListenerOptions listener = new ListenerOptions();

    /** superlance's crashmail took a trailing URL it never used. */
    @Parameters(hidden = true)
    List<String> ignored = new ArrayList<>();

    @Override
    public Integer call() {
        if (!ignored.isEmpty()) {
            Log.warn("ignoring extra arguments " + ignored);
        }
        ProgramSelector selector = ProgramSelector.of(programs, any || programs.isEmpty());
        return listener.run(new CrashMailMonitor(selector, optionalHeader, null),
                channels.channels(mail.channels(System.getenv()), mail, System.getenv()), System.getenv());
    }
}
