package io.superlance.alert.silence;

import io.superlance.alert.Alert;
import io.superlance.protocol.ProcessId;

import java.time.Instant;
import java.util.List;

/** The silences of the host as last read: which one mutes an alert, which one pauses a restart. */
public record Silences(List<Silence> all) {
    public static final Silences NONE = new Silences(List.of());

    public Silences {
        all = List.copyOf(all);
    }

    /** Those in force at {@code now}. */
    public List<Silence> active(Instant now) {
        return all.stream().filter(s -> s.activeAt(now)).toList();
    }

    /** The first silence in force that mutes {@code alert}, or null. @param programs see {@link Silence#matches} */
    public Silence muting(Alert alert, List<String> programs, Instant now) {
        for (Silence s : all) {
            if (s.activeAt(now) && s.matches(alert, programs)) {
                return s;
            }
        }
        return null;
    }

    /** The first silence in force that stops {@code monitor} restarting {@code process}, or null. */
    public Silence pausing(String monitor, ProcessId process, Instant now) {
        for (Silence s : all) {
            if (s.activeAt(now) && s.pauses(monitor, process)) {
                return s;
            }
        }
        return null;
    }

    /** The silence of that id, in force or not, or null. */
    public Silence byId(String id) {
        return all.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }
}
