package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DurationText;
import io.superlance.alert.Facts;
import io.superlance.monitor.NamesPrograms.ProgramName;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.ProcessInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Notices a program name of a monitor's options that matches no process of supervisord ({@code memmon -p wbe=100MB}):
 * such a name watches nothing and says nothing, and only the process list read at run time can tell.
 * One alert per name, naming supervisord's programs and the closest one, resolved when a later list
 * matches it. Pure, like every monitor; fed each process list a check reads.
 */
public final class ProgramNamesWatch extends Watch {
    /** Programs named in a subject; the body names up to {@link #LISTED}. */
    private static final int IN_SUBJECT = 3;
    private static final int LISTED = 30;

    private final String monitor;
    private final List<ProgramName> names;

    private ProgramNamesWatch(String monitor, List<ProgramName> names, Incidents incidents) {
        super(incidents);
        this.monitor = monitor;
        this.names = List.copyOf(names);
    }

    /**
     * The watch of a monitor whose options name programs; null for one that names none.
     * @param repeat the command's {@code --repeat}: least time between reminders; null for none
     */
    public static ProgramNamesWatch of(Monitor monitor, String host, Duration repeat) {
        if (!(monitor instanceof NamesPrograms n) || n.programNames().isEmpty()) {
            return null;
        }
        List<ProgramName> names = n.programNames();
        return new ProgramNamesWatch(monitor.name(), names, Incidents.ofWatch(host, monitor.name(), 1, repeat,
                what -> names.stream().anyMatch(name -> name.text().equals(what))));
    }

    /** supervisord's process list as a check read it. @return an alert for each name that stopped or began matching */
    public List<Alert> seen(List<ProcessInfo> processes, Instant now) {
        List<Alert> out = new ArrayList<>();
        for (ProgramName name : names) {
            List<String> matched = new ArrayList<>();
            for (ProcessInfo info : processes) {
                if (name.matches(info.id())) {
                    matched.add(info.id().namespec());
                }
            }
            Incidents.Verdict v = matched.isEmpty() ? incidents.bad(name.text(), now) : incidents.good(name.text(), now);
            if (v.alerts()) {
                out.add(missing(name, processes, v, now));
            } else if (v.step() == Incidents.Step.RESOLVE) {
                out.add(alert(name, v, now, monitor + ": " + name.text() + " now matches " + list(matched, IN_SUBJECT),
                        monitor + "'s " + name.text() + " matches " + list(matched, LISTED) + " of this supervisord now; it matched"
                                + " no program for " + DurationText.of(v.lasted()) + "."));
            }
        }
        return out;
    }

    private Alert missing(ProgramName name, List<ProcessInfo> processes, Incidents.Verdict v, Instant now) {
        List<String> programs = new ArrayList<>();
        for (ProcessInfo info : processes) {
            programs.add(info.id().namespec());
        }
        String near = NearMiss.nearest(name.value(), candidates(name, processes), name.value().length() <= 3 ? 1 : 2);
        String known = programs.isEmpty() ? "supervisord has no programs" : "programs: " + list(programs, IN_SUBJECT);
        String subject = monitor + ": " + name.text() + " matches no program of this supervisord (" + known
                + (near == null ? "" : "; did you mean " + near + "?") + ")"
                + v.reminderNote();
        String body = monitor + "'s " + name.text() + " matches no process of this supervisord, so " + monitor
                + " watches nothing under that name." + (near == null ? "" : " Did you mean " + near + "?")
                + (programs.isEmpty() ? " supervisord has no programs." : " supervisord's programs: " + list(programs, LISTED) + ".")
                + " Correct " + name.option() + " in the listener's command= in supervisord.conf, or add the program;"
                + " this alert resolves when supervisord's process list has a match.";
        return alert(name, v, now, subject, body);
    }

    /** What a misspelt name is compared with: names of the same shape as the one given. */
    private static Set<String> candidates(ProgramName name, List<ProcessInfo> processes) {
        Set<String> out = new LinkedHashSet<>();
        for (ProcessInfo info : processes) {
            ProcessId id = info.id();
            if (name.group()) {
                out.add(id.group());
            } else if (name.value().endsWith(":*")) {
                out.add(id.group() + ":*");
            } else if (name.value().contains(":")) {
                out.add(id.qualified());
            } else {
                out.add(id.name());
            }
        }
        return out;
    }

    private static String list(List<String> names, int max) {
        if (names.size() <= max) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, max)) + ", ... (" + names.size() + " in all)";
    }

    private Alert alert(ProgramName name, Incidents.Verdict v, Instant now, String subject, String body) {
        return v.alert(monitor, AlertKind.NO_SUCH_PROGRAM, now).subject(subject).body(body)
                .fact(Facts.CHECK, name.text()).fact(Facts.DURATION, v.duration()).build();
    }

}
