package io.superlance.cli;

import io.superlance.alert.channels.ChannelSettings;
import io.superlance.log.MonitorLog;
import picocli.CommandLine.Mixin;

/**
 * The commands with superlance's {@code -m}/{@code -s} mail options: crashmail, memmon, httpok, and heartbeat
 * and logmon, which took them over.
 */
abstract class MailingCommand extends ListenerCommand {
    @Mixin
    MailOptions mail = new MailOptions();

    @Override
    final ChannelSettings.Mail mail(boolean routeNeeded, MonitorLog log) {
        return MailSettings.mail(mail, routeNeeded, pipesWithoutRecipients(), log);
    }

    /** Whether the -s command gets every alert even without -m (superlance's crashmail: -s as a hook). */
    boolean pipesWithoutRecipients() {
        return false;
    }
}
