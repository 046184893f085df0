package io.superlance.alert.silence;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.ProcessId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A maintenance window: alerts it matches are not sent while it lasts, and with {@code pauseActions} the
 * monitors leave the programs it names alone (no restart). What it matches: the programs named (or all),
 * narrowed to some monitors and some alert kinds when those are given.
 *
 * @param id           short, unique in the store; what {@code silence remove} takes
 * @param programs     {@code NAME}, {@code GROUP:NAME} or {@code GROUP:*}; empty with {@code all}
 * @param all          every program, and alerts about no program
 * @param monitors     the commands whose alerts it silences (crashmail, httpok, ...); empty for every one
 * @param kinds        the alert kinds it silences; empty for every one
 * @param author       who added it (the user name), for status
 * @param reason       why, for the log and status; may be empty
 * @param pauseActions true to stop memmon's and httpok's restarts of the programs too
 */
public record Silence(String id, List<String> programs, boolean all, List<String> monitors, List<AlertKind> kinds,
                      Instant start, Instant end, String author, String reason, boolean pauseActions) {

    /**
     * The listener's own watches (a TICK missing, supervisord unreachable, a program name matching nothing):
     * they say the monitoring itself is broken, which a maintenance window must not hide, so a silence mutes
     * them only when it names a monitor or the kind itself.
     */
    public static final Set<AlertKind> WATCH_KINDS = Set.of(AlertKind.TICK_MISSING, AlertKind.SUPERVISOR_UNREACHABLE,
            AlertKind.NO_SUCH_PROGRAM);

    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        programs = List.copyOf(programs);
        monitors = List.copyOf(monitors);
        kinds = List.copyOf(kinds);
        author = author == null ? "" : author;
        reason = reason == null ? "" : reason;
    }

    /** The same silence ending at {@code newEnd}. */
    public Silence withEnd(Instant newEnd) {
        return new Silence(id, programs, all, monitors, kinds, start, newEnd, author, reason, pauseActions);
    }

    /** True from its start until its end. */
    public boolean activeAt(Instant now) {
        return !now.isBefore(start) && now.isBefore(end);
    }

    /**
     * Whether it mutes {@code alert} (its time aside: see {@link #activeAt}).
     *
     * @param programs what the alert concerns, each {@code GROUP:NAME} or a monitor's own {@code -p} pattern:
     *                 the alert's program, or for an alert about no program (httpok's URL) the programs its
     *                 monitor watches
     */
    public boolean matches(Alert alert, List<String> programs) {
        if (!monitors.isEmpty() && !monitors.contains(alert.source())) {
            return false;
        }
        if (!kinds.isEmpty() && !kinds.contains(alert.kind())) {
            return false;
        }
        if (WATCH_KINDS.contains(alert.kind()) && monitors.isEmpty() && !kinds.contains(alert.kind())) {
            return false;
        }
        return all || programs.stream().anyMatch(this::names);
    }

    /** Whether it stops {@code monitor} from restarting {@code process} (its time aside). */
    public boolean pauses(String monitor, ProcessId process) {
        return pauseActions && (monitors.isEmpty() || monitors.contains(monitor)) && (all || names(process.qualified()));
    }

    /** Whether one of its program patterns covers {@code program} ({@code GROUP:NAME} or a pattern). */
    private boolean names(String program) {
        return programs.stream().anyMatch(p -> ProgramPattern.overlap(p, program));
    }

    /** What it matches, in the words of its options: {@code --program web --monitor httpok}. */
    public String what() {
        StringBuilder b = new StringBuilder(all ? "--all" : String.join(" ", programs.stream().map(p -> "--program " + p).toList()));
        monitors.forEach(m -> b.append(" --monitor ").append(m));
        kinds.forEach(k -> b.append(" --kind ").append(k.wire()));
        if (pauseActions) {
            b.append(" --pause-actions");
        }
        return b.toString();
    }
}
