package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.alert.Facts;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * heartbeat's watch over the programs that must be RUNNING: each one that is not is an incident (key: its
 * namespec), confirmed by {@code --for}, alerted when it fires, reminded, and resolved when it runs again
 * or leaves supervisord's configuration. Keeps the state each was first seen in, for the resolution's text.
 */
final class ProgramsDown {
    private static final String DOWN = "down ";

    /** The state a watched program was first seen in, not RUNNING. */
    private record Down(String state) {
    }

    private final ProgramSelector programs;
    private final Incidents incidents;
    private final ZoneId zone;
    // Watched programs seen not RUNNING, confirmed or not yet.
    private final Map<ProcessId, Down> down = new LinkedHashMap<>();

    /** @param incidents heartbeat's, shared with its jobs (whose keys are {@code job=NAMESPEC}) */
    ProgramsDown(ProgramSelector programs, Incidents incidents, ZoneId zone) {
        this.programs = programs;
        this.incidents = incidents;
        this.zone = zone;
    }

    /**
     * Judges the watched programs of a process list, leaving out {@code jobs} (judged by their rules).
     * Adds the alerts due to {@code alerts} and each program down and firing to {@code problems}.
     *
     * @return how many watched programs the list has
     */
    int judge(List<ProcessInfo> processes, Predicate<ProcessId> jobs, Instant now, List<Action> alerts, List<String> problems) {
        Set<ProcessId> seen = new HashSet<>();
        for (ProcessInfo info : processes) {
            ProcessId id = info.id();
            if (jobs.test(id) || !programs.matches(id)) {
                continue;
            }
            seen.add(id);
            String ns = id.namespec();
            if (info.running()) {
                Down was = down.remove(id);
                Incidents.Verdict v = incidents.good(ns, now);
                if (v.step() == Incidents.Step.RESOLVE) {
                    alerts.add(new Action.Notify(alert(v, "heartbeat: " + ns + " is RUNNING again",
                            ns + " is RUNNING again; it was " + (was == null ? "down" : was.state()) + " since " + time(v.since()) + ".",
                            info, now)));
                }
                continue;
            }
            down.putIfAbsent(id, new Down(info.stateName()));
            Incidents.Verdict v = incidents.bad(ns, now);
            if (v.alerts()) {
                alerts.add(new Action.Notify(alert(v, "heartbeat: " + ns + " is " + info.stateName() + v.reminderNote(),
                        downLine(info, v.since()), info, now)));
            }
            if (incidents.firing(ns)) {
                problems.add(downLine(info, v.since()));
            }
        }
        // A program that left supervisord's configuration is no longer down.
        for (var it = down.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!seen.contains(e.getKey())) {
                it.remove();
                String ns = e.getKey().namespec();
                boolean fired = incidents.firing(ns);
                incidents.forget(ns);
                if (fired) {
                    alerts.add(new Action.Notify(Alert.of("heartbeat", AlertKind.PROGRAM_DOWN, now)
                            .subject("heartbeat: " + ns + " is no longer supervised")
                            .body(ns + " is no longer in supervisord's configuration.").process(e.getKey()).resolved(true).build()));
                }
            }
        }
        return seen.size();
    }

    private Alert alert(Incidents.Verdict v, String subject, String body, ProcessInfo info, Instant now) {
        return v.alert("heartbeat", AlertKind.PROGRAM_DOWN, now).subject(subject).body(body).process(info.id())
                .state(info.stateName()).fact(Facts.DURATION, v.duration()).build();
    }

    private String downLine(ProcessInfo info, Instant since) {
        String description = info.description() == null || info.description().isBlank() ? "" : " (" + info.description() + ")";
        return info.id().namespec() + " is " + info.stateName() + description + ", not RUNNING since " + time(since);
    }

    private String time(Instant t) {
        return Asctime.format(t, zone);
    }

    /** {@code down GROUP:NAME} = the state it was first seen in; its incidents are kept with heartbeat's. */
    Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        down.forEach((id, d) -> m.put(DOWN + id.qualified(), d.state()));
        return m;
    }

    void restore(Map<String, String> state, List<String> rejected) {
        KeepsState.restoreEach(state, DOWN, (qualified, value) -> {
            if (value.isBlank() || value.contains(" ")) {
                throw new IllegalArgumentException("not a process state");
            }
            down.put(ProcessId.ofQualified(qualified), new Down(value));
        }, rejected);
    }
}
