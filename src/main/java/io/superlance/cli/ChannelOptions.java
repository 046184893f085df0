package io.superlance.cli;

import io.superlance.alert.Channel;
import io.superlance.alert.LocalHost;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alert channels besides mail, the same options on every command. Mail has its own options
 * because superlance's commands spell them differently ({@code -m}/{@code -s} vs {@code -t}/{@code -H}).
 */
public final class ChannelOptions {
    @Option(names = "--hostname", paramLabel = "NAME",
            description = "Name of this host in alerts, so alerts from many hosts can be told apart. Default: the machine's name.")
    String hostname;

    String hostname() {
        return hostname != null ? hostname : LocalHost.name();
    }

    /** The configured channels other than mail, added to {@code mail}. */
    List<Channel> channels(List<Channel> mail, Map<String, String> env) {
        List<Channel> all = new ArrayList<>(mail);
        return all;
    }
}
