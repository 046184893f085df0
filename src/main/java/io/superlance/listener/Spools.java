package io.superlance.listener;

import io.superlance.alert.Channel;
import io.superlance.alert.delivery.DeliveryQueue;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolLocation;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Which spool each monitor of a listener gets: the one --spool-dir names, the default one, or memory only. */
final class Spools {
    private Spools() {
    }

    /** The default spool of a listener with several monitors gets one subdirectory per monitor. */
    static String name(List<MonitorSetup> setups, int index) {
        if (setups.size() == 1) {
            return null;
        }
        String name = setups.get(index).monitor().name();
        for (int i = 0; i < setups.size(); i++) {
            if (i != index && setups.get(i).monitor().name().equals(name)) {
                return name + "-" + (index + 1);
            }
        }
        return name;
    }

    /** The spool named by --spool-dir (it must work), else the default one, else memory only. */
    static Spool open(List<Channel> channels, Map<String, String> env, ListenerProcess.Delivery delivery, String subdir,
                           MonitorLog log) throws IOException {
        List<String> keys = DeliveryQueue.keys(channels);
        Path defaultDir = subdir == null ? SpoolLocation.defaultDir(env) : SpoolLocation.defaultDir(env).resolve(subdir);
        if (channels.isEmpty()) {
            // Nothing to deliver, but the monitor's journal is worth keeping: its restart budgets, its incidents,
            // and its last check for superlance status (heartbeat with --url only is the usual case).
            try {
                return Spool.open(delivery.spoolDir() != null ? delivery.spoolDir() : defaultDir, delivery.spoolMax(), keys, log);
            } catch (IOException e) {
                if (delivery.spoolDir() != null) {
                    throw e; // the one named must work
                }
                return Spool.inMemory(delivery.spoolMax(), keys); // no alert to lose: not worth a warning
            }
        }
        if (delivery.spoolDir() != null) {
            Spool spool = Spool.open(delivery.spoolDir(), delivery.spoolMax(), keys, log);
            log.info("pending alerts are kept in " + spool.dir());
            return spool;
        }
        try {
            Spool spool = Spool.open(defaultDir, delivery.spoolMax(), keys, log);
            log.info("pending alerts are kept in " + spool.dir() + " (--spool-dir to choose)");
            return spool;
        } catch (IOException e) {
            log.warn("cannot use the spool directory " + defaultDir + " (" + Log.describe(e) + "): pending alerts are kept "
                    + "in memory only and lost if the listener is killed; give --spool-dir DIR");
            reportWaiting(defaultDir, log);
            return Spool.inMemory(delivery.spoolMax(), keys);
        }
    }

    /**
     * Alerts an earlier run left in a spool this run cannot use are not delivered from memory (nothing
     * could record their delivery, so each start would send them again): they are reported instead.
     */
    private static void reportWaiting(Path dir, MonitorLog log) {
        int n = Spool.waiting(dir);
        if (n > 0) {
            log.error(n + " alert(s) left by an earlier run wait in " + dir + " and are not delivered by this listener: make the "
                    + "directory usable by this listener (writable, not in use by another) and restart it to deliver them");
        } else if (n < 0) {
            log.error("alerts left by an earlier run may wait in " + dir + ", which cannot be read: they are not delivered by this listener");
        }
    }
}
