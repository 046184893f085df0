package io.superlance.cli;

import io.superlance.alert.channels.ChannelSettings;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.DigestMonitor;
import io.superlance.monitor.ProgramSelector;
import io.superlance.protocol.EventNames;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * crashmailbatch, fatalmailbatch and crashsms: superlance's batch options (-s, -e, -i) and its SMTP mail
 * options; they differ only in what they gather.
 */
abstract class DigestCommand extends ListenerCommand {
    @Option(names = {"-s", "--subject"}, paramLabel = "TEXT", description = "Subject of the digest. Default: the command's own.")
    String subject;

    @Option(names = {"-e", "--tickEvent"}, paramLabel = "TICK", defaultValue = EventNames.TICK_60,
            description = "Tick that counts time: TICK_5, TICK_60 or TICK_3600 (subscribe the listener to it too). Default: ${DEFAULT-VALUE}.")
    String tickEvent;

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", defaultValue = "1.0", converter = Durations.Minutes.class,
            description = "Send the lines gathered every DURATION, counted in ticks (a bare number is minutes, fractions allowed). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Mixin
    BatchMailOptions mail = new BatchMailOptions();

    @Mixin
    TailOptions tail = new TailOptions();

    abstract DigestMonitor.Kind kind();

    @Override
    final DigestMonitor monitor() {
        if (!EventNames.TICKS.contains(tickEvent)) {
            throw new ConfigException("-e/--tickEvent must be TICK_5, TICK_60 or TICK_3600, not '" + tickEvent + "'");
        }
        return new DigestMonitor(kind(), ProgramSelector.all(), tickEvent, interval.toMillis() / 60_000.0, subject, null,
                tail.tail());
    }

    @Override
    final ChannelSettings.Mail mail(boolean routeNeeded, MonitorLog log) {
        return MailSettings.mail(mail, routeNeeded, log);
    }

    @Override
    final String channelRequired() {
        return "-t/--toEmail is required (or another channel option)";
    }
}
