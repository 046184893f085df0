package io.superlance.cli;

import io.superlance.listener.MonitorSetup;
import io.superlance.monitor.Monitor;
import picocli.CommandLine.Mixin;

import java.util.Map;

/**
 * What the commands with superlance's {@code -m}/{@code -s} mail options share (crashmail, memmon,
 * httpok, heartbeat, logmon): the mail, channel and delivery options, and how they make a setup.
 * A subclass declares its own options and builds its monitor.
 */
abstract class MailingCommand implements ListenerCommand {
    @Mixin
    MailOptions mail = new MailOptions();

    @Mixin
    ChannelOptions channels = new ChannelOptions();

    @Mixin
    ListenerOptions listener = new ListenerOptions();

    /** The monitor the options describe; a setting that cannot be used is a {@link ConfigException}. */
    abstract Monitor monitor();

    @Override
    public MonitorSetup setup(Map<String, String> env) {
        return listener.setup(monitor(), channels.channels(mail.channels(env), mail, env));
    }
}
