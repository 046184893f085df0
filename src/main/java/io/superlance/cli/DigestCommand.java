package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.log.Log;
import io.superlance.monitor.DigestMonitor;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** What crashmailbatch, fatalmailbatch and crashsms share: they differ only in what they gather. */
abstract class DigestCommand implements Callable<Integer> {
    @Mixin
    BatchMailOptions mail = new BatchMailOptions();

    @Mixin
    ChannelOptions channels = new ChannelOptions();

    @Mixin
    ListenerOptions listener = new ListenerOptions();

    abstract DigestMonitor.Kind kind();

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        DigestMonitor monitor = mail.monitor(kind());
        Log.name(monitor.name()); // before the channels, whose set-up may warn

        List<Channel> all = channels.channels(mail.channels(env), mail, env);
        if (all.isEmpty()) {
            throw new ConfigException("-t/--toEmail is required (or another channel option)");
        }
        return listener.run(monitor, all, env);
    }
}
