package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.listener.MonitorSetup;
import io.superlance.monitor.DigestMonitor;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Map;

/** What crashmailbatch, fatalmailbatch and crashsms share: they differ only in what they gather. */
abstract class DigestCommand implements ListenerCommand {
    @Mixin
    BatchMailOptions mail = new BatchMailOptions();

    @Mixin
    ChannelOptions channels = new ChannelOptions();

    @Mixin
    ListenerOptions listener = new ListenerOptions();

    abstract DigestMonitor.Kind kind();

    @Override
    public MonitorSetup setup(Map<String, String> env) {
        DigestMonitor monitor = mail.monitor(kind());
        List<Channel> all = channels.channels(mail.channels(env), mail, env);
        if (all.isEmpty()) {
            throw new ConfigException("-t/--toEmail is required (or another channel option)");
        }
        return listener.setup(monitor, all);
    }
}
