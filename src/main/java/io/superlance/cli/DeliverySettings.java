package io.superlance.cli;

import io.superlance.alert.delivery.RetryPolicy;
import io.superlance.alert.spool.SpoolLocation;
import io.superlance.listener.ListenerProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Maps the delivery options ({@code --spool-dir}, {@code --spool-max}, {@code --retry-max} ...) to the listener's delivery settings. */
final class DeliverySettings {
    private DeliverySettings() {
    }

    /** The delivery settings of the options; a value that cannot work is a start-up error. */
    static ListenerProcess.Delivery of(DeliveryOptions o) {
        if (o.spoolDir != null && o.spoolDir.toString().isBlank()) { // the empty path is the current directory
            throw new ConfigException("--spool-dir must name a directory, not be empty");
        }
        if (o.spoolMax < 1) {
            throw new ConfigException("--spool-max must be at least 1");
        }
        if (o.retryMax.isZero()) {
            throw new ConfigException("--retry-max must be more than 0");
        }
        if (o.giveUpAfter.isZero()) {
            throw new ConfigException("--give-up-after must be more than 0"); // 0 gave up every alert unsent
        }
        Duration first = Duration.ofSeconds(1).compareTo(o.retryMax) < 0 ? Duration.ofSeconds(1) : o.retryMax;
        return new ListenerProcess.Delivery(o.spoolDir, o.spoolMax, o.minInterval,
                new RetryPolicy(first, o.retryMax, o.giveUpAfter));
    }

    /**
     * The state directory this listener shares with the host's others (the robots' budgets, the alerts firing
     * at Alertmanager): the parent of --spool-dir, else the default spools' ({@link SpoolLocation#stateDir}).
     */
    static Path stateDir(DeliveryOptions o, Map<String, String> env) {
        if (o.spoolDir != null && !o.spoolDir.toString().isBlank()) {
            Path parent = o.spoolDir.toAbsolutePath().normalize().getParent();
            return parent != null ? parent : o.spoolDir.toAbsolutePath();
        }
        return SpoolLocation.stateDir(env);
    }
}
