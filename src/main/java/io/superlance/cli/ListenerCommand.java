package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.alert.channels.ChannelSettings;
import io.superlance.alert.channels.Channels;
import io.superlance.http.TrustedCas;
import io.superlance.listener.MonitorSetup;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;
import io.superlance.monitor.Incidents;
import io.superlance.monitor.Monitor;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Map;

/**
 * The base of every command: the channel and delivery options all commands share, and how a command's
 * options become a {@link MonitorSetup}. A command declares its own options and mail options and builds its
 * monitor; it runs nothing: the Launcher runs the monitors of every command on the line in one process.
 */
abstract class ListenerCommand {
    @Mixin
    ChannelOptions channels = new ChannelOptions();

    @Mixin
    DeliveryOptions delivery = new DeliveryOptions();

    @Mixin
    IncidentOptions incidents = new IncidentOptions();

    /**
     * The options given on the command line, by their first name, with the text last given ("true" for a flag);
     * the positional parameter as {@link OptionTable#POSITIONAL}. Set as the line is read.
     */
    Map<String, String> given = Map.of();

    /** Where secrets not given in files are looked up; set by {@link #setup} before {@link #monitor} runs. */
    Map<String, String> env = Map.of();

    /** The monitor the options describe; a setting that cannot be used is a {@link ConfigException}. */
    abstract Monitor monitor();

    /**
     * The command's mail options as settings.
     * @param routeNeeded whether other channels (SMS gateways) send mail through the command's route
     * @return null when nothing is mailed
     */
    abstract ChannelSettings.Mail mail(boolean routeNeeded, MonitorLog log);

    /**
     * Why the command cannot run without a channel, even with --log-only; null when it can.
     */
    String channelRequired() {
        return null;
    }

    /** Whether the command does something besides alerting (restarts, pings), so it is of use with no channel. */
    boolean actsWithoutChannel() {
        return false;
    }

    /** The monitor with its channels; a setting that cannot be used is a {@link ConfigException}. */
    final MonitorSetup setup(Map<String, String> env) {
        this.env = env;
        if (channels.caFile != null) {
            try {
                TrustedCas.add(channels.caFile); // before any TLS client is made
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--ca-file: " + e.getMessage());
            }
        }
        Monitor monitor = monitor();
        ChannelSettings settings = Settings.channels(channels, mail(!channels.smsGateways.isEmpty(), Log.of(monitor.name())),
                !incidents.noResolved);
        List<Channel> built;
        try {
            built = Channels.build(settings, env, DeliverySettings.stateDir(delivery, env));
        } catch (Channels.SetupException e) {
            throw new ConfigException(e.getMessage());
        }
        if (built.isEmpty() && channelRequired() != null) {
            throw new ConfigException(channelRequired());
        }
        if (built.isEmpty() && !actsWithoutChannel() && !delivery.logOnly) {
            throw new ConfigException("no alert channel: give -m ADDR (or --webhook, --alertmanager, --dingtalk URL), "
                    + "or --log-only to only log alerts");
        }
        return new MonitorSetup(monitor, built, DeliverySettings.of(delivery), delivery.testAlert, !incidents.noResolved,
                incidents.repeat);
    }

    /**
     * The incidents of a monitor that checks conditions, keyed by this host and {@code monitor}.
     * @param forChecks the command's {@code --for}, at least 1 ({@link ForChecks})
     */
    final Incidents incidents(String monitor, int forChecks) {
        return new Incidents(Settings.hostname(channels), monitor, forChecks, incidents.repeat, !incidents.noResolved);
    }
}
