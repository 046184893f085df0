package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.spool.SpoolEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses, from the alerts waiting in the spool, what one channel sends next, and folds it into
 * messages. Pure: it reads the entries and changes nothing, so the queue calls it under its lock.
 */
final class BatchChooser {
    /** Most alerts one message takes on a channel that folds alerts. */
    static final int MAX_PER_MESSAGE = 50;
    /** After an outage, the subjects that get a message each; what is about others goes out in one summary. Per outage. */
    static final int MAX_SUBJECTS = 10;

    private final Duration minInterval;

    /** @param minInterval the storm control window, named in folded messages */
    BatchChooser(Duration minInterval) {
        this.minInterval = minInterval;
    }

    /** Entries waiting for {@code key} that the channel does not take (e.g. a resolution on mail): done for it at once. */
    static List<SpoolEntry> leftOut(Collection<SpoolEntry> waiting, Channel channel, String key) {
        // a loop, not a stream: it runs before every delivery, in a storm over every alert waiting, and a
        // delivery thread's code stays in the interpreter, where a stream was a sixth of that thread's time
        List<SpoolEntry> out = null;
        for (SpoolEntry e : waiting) {
            if (!e.doneFor(key) && !channel.accepts(e.alert())) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(e);
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * The first entry due for {@code key}, with the entries storm control held until the same instant
     * for the same program folded into it; on a channel that folds alerts, also what follows, up to
     * {@link #MAX_PER_MESSAGE}.
     *
     * @param waiting  the spool's entries, oldest first
     * @param notShown alerts the full spool could not keep that this channel has not yet reported
     * @param draining the listener is stopping: held entries are due now
     * @return null when nothing is due
     */
    Batch next(Collection<SpoolEntry> waiting, Channel channel, String key, long notShown, Instant now, boolean draining) {
        return next(waiting, channel, key, notShown, now, draining, -1);
    }

    /**
     * @param subjects -1 in normal times; else the channel failed and what piled up meanwhile is not all out
     *                 yet: what is due goes out folded, one message per program or incident
     *                 ({@link Folding#incidentOf}) for as many as this says, one summary for the others, and
     *                 alerts of neither (digests) as they are; on a channel that does not fold, one message a batch
     */
    Batch next(Collection<SpoolEntry> waiting, Channel channel, String key, long notShown, Instant now, boolean draining,
               int subjects) {
        if (channel.groupsItself()) {
            return asTheyAre(waiting, channel, key, notShown);
        }
        if (subjects >= 0) {
            return afterOutage(waiting, channel, key, notShown, now, draining, subjects);
        }
        List<SpoolEntry> all = List.copyOf(waiting);
        List<List<SpoolEntry>> groups = new ArrayList<>();
        Set<Long> taken = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            SpoolEntry e = all.get(i);
            if (e.doneFor(key) || taken.contains(e.seq()) || !channel.accepts(e.alert()) || held(e, now, draining)) {
                continue;
            }
            List<SpoolEntry> group = new ArrayList<>(List.of(e));
            if (e.holdUntil() != null) {
                for (SpoolEntry f : all.subList(i + 1, all.size())) {
                    if (!f.doneFor(key) && channel.accepts(f.alert()) && e.holdUntil().equals(f.holdUntil())
                            && Folding.about(e.alert()).equals(Folding.about(f.alert()))) {
                        group.add(f);
                    }
                }
            }
            group.forEach(g -> taken.add(g.seq()));
            groups.add(group);
            if (!channel.foldsAlerts() || groups.size() >= MAX_PER_MESSAGE) {
                break;
            }
        }
        if (groups.isEmpty()) {
            return null;
        }
        List<Alert> alerts = new ArrayList<>();
        for (List<SpoolEntry> g : groups) {
            alerts.add(Folding.fold(g.stream().map(SpoolEntry::alert).toList(), minInterval));
        }
        alerts.set(0, Folding.withNotShown(alerts.get(0), notShown));
        return new Batch(groups, alerts, notShown);
    }

    /** For a receiver that groups by itself: what waits, unfolded and never held, up to {@link #MAX_PER_MESSAGE}. */
    private static Batch asTheyAre(Collection<SpoolEntry> waiting, Channel channel, String key, long notShown) {
        List<List<SpoolEntry>> groups = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        for (SpoolEntry e : waiting) {
            if (!e.doneFor(key) && channel.accepts(e.alert())) {
                groups.add(List.of(e));
                alerts.add(e.alert());
                if (!channel.foldsAlerts() || groups.size() >= MAX_PER_MESSAGE) {
                    break;
                }
            }
        }
        if (groups.isEmpty()) {
            return null;
        }
        alerts.set(0, Folding.withNotShown(alerts.get(0), notShown));
        return new Batch(List.copyOf(groups), List.copyOf(alerts), notShown);
    }

    private Batch afterOutage(Collection<SpoolEntry> waiting, Channel channel, String key, long notShown, Instant now,
                              boolean draining, int subjects) {
        // in the order of their first alert: one group per program or incident, and each alert of neither alone
        Map<String, List<SpoolEntry>> bySubject = new LinkedHashMap<>();
        List<SpoolEntry> rest = new ArrayList<>();
        int standalone = 0;
        for (SpoolEntry e : waiting) {
            if (e.doneFor(key) || !channel.accepts(e.alert()) || held(e, now, draining)) {
                continue;
            }
            String about = Folding.incidentOf(e.alert());
            if (about == null) {
                bySubject.put("\0" + standalone++, new ArrayList<>(List.of(e)));
            } else if (bySubject.containsKey(about) || bySubject.size() - standalone < subjects) {
                bySubject.computeIfAbsent(about, a -> new ArrayList<>()).add(e);
            } else {
                rest.add(e);
            }
        }
        List<List<SpoolEntry>> groups = new ArrayList<>(bySubject.values());
        List<Alert> alerts = new ArrayList<>();
        for (List<SpoolEntry> g : groups) {
            alerts.add(Folding.afterOutage(g.stream().map(SpoolEntry::alert).toList()));
        }
        if (!rest.isEmpty()) {
            groups.add(rest);
            alerts.add(Folding.summary(rest.stream().map(SpoolEntry::alert).toList()));
        }
        if (groups.isEmpty()) {
            return null;
        }
        if (!channel.foldsAlerts()) {
            groups = groups.subList(0, 1);
            alerts = alerts.subList(0, 1);
        }
        alerts = new ArrayList<>(alerts);
        alerts.set(0, Folding.withNotShown(alerts.get(0), notShown));
        return new Batch(List.copyOf(groups), List.copyOf(alerts), notShown);
    }

    /** Milliseconds until the first entry held for {@code key} is due; 0 for none (wait for a notify). */
    static long untilNextHold(Collection<SpoolEntry> waiting, String key, Instant now, boolean draining) {
        long ms = 0;
        for (SpoolEntry e : waiting) {
            if (!e.doneFor(key) && held(e, now, draining)) {
                long m = Math.max(1, Duration.between(now, e.holdUntil()).toMillis() + 1);
                ms = ms == 0 ? m : Math.min(ms, m);
            }
        }
        return ms;
    }

    private static boolean held(SpoolEntry e, Instant now, boolean draining) {
        return !draining && e.holdUntil() != null && now.isBefore(e.holdUntil());
    }
}
