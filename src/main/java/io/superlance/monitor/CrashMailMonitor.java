package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Asctime;
import io.superlance.alert.DurationText;
import io.superlance.alert.Facts;
import io.superlance.alert.LocalHost;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * crashmail: one alert per unexpected exit of a selected program, worded as superlance words it; and, when
 * such a program is RUNNING again (where supervisord sends that event), one resolution with how long it was
 * down. The crash mail stays exactly superlance's; the resolution's subject starts with RESOLVED. With
 * {@code --tail}, a crash alert carries the program's last output after superlance's text. A program down
 * after a crash is an {@link Incidents} incident: fired by its first crash (every crash is still mailed, as
 * superlance does), resolved by RUNNING. It is not kept across a restart: crashmail writes no journal on its
 * event path.
 */
public final class CrashMailMonitor implements ShowsOutput, NamesPrograms {
    private final ProgramSelector programs;
    private final String optionalHeader;
    private final ZoneId zone;
    private final OutputTail tail;
    /** Programs whose last crash has not been followed by RUNNING yet (key: GROUP:NAME), since their first crash. */
    private final Incidents crashed = new Incidents(LocalHost.name(), "crashmail", 1, null, true);

    /**
     * @param optionalHeader the {@code -o} subject prefix, or null
     * @param zone           for the times in texts; null for the system's zone, looked up when first needed
     */
    public CrashMailMonitor(ProgramSelector programs, String optionalHeader, ZoneId zone) {
        this(programs, optionalHeader, zone, null);
    }

    /** @param tail {@code --tail}: the program's last output in crash alerts; null for none */
    public CrashMailMonitor(ProgramSelector programs, String optionalHeader, ZoneId zone, OutputTail tail) {
        this.programs = programs;
        this.optionalHeader = optionalHeader;
        this.zone = zone;
        this.tail = tail;
    }

    @Override
    public OutputTail outputTail() {
        return tail;
    }

    @Override
    public ProcessId outputOf(Event event) {
        return tail != null && event instanceof Event.ProcessStateChange change && change.isCrash()
                && programs.matches(change.process()) ? change.process() : null;
    }

    @Override
    public String name() {
        return "crashmail";
    }

    @Override
    public List<ProgramName> programNames() {
        return programs.names("-p");
    }

    @Override
    public Set<String> events() {
        return Set.of(EventNames.PROCESS_STATE_EXITED, EventNames.PROCESS_STATE_RUNNING);
    }

    @Override
    public List<Action> onEvent(Event event, Instant now) {
        return onEvent(event, now, null);
    }

    @Override
    public List<Action> onEvent(Event event, Instant now, String output) {
        if (!(event instanceof Event.ProcessStateChange change) || !programs.matches(change.process())) {
            return List.of();
        }
        if (change.isCrash()) {
            crashed.fire(change.process().qualified(), now);
            return List.of(new Action.Notify(crashAlert(change.process(), change.pid(), change.fromState(), now,
                    tail == null ? null : output)));
        }
        if (change.state() != ProcessState.RUNNING) {
            return List.of();
        }
        Incidents.Verdict v = crashed.good(change.process().qualified(), now);
        if (v.step() == Incidents.Step.RESOLVE) {
            return List.of(new Action.Notify(runningAgainAlert(change.process(), change.pid(), v.lasted(), now)));
        }
        return List.of();
    }

    @Override
    public Alert sampleAlert(Instant now) {
        return crashAlert(new ProcessId("example", "example"), 4242, "RUNNING", now,
                tail == null ? null : "Traceback (most recent call last):\nRuntimeError: 数据库连接失败");
    }

    /** @param output the program's last output (--tail), or null */
    private Alert crashAlert(ProcessId process, Integer pid, String fromState, Instant now, String output) {
        String body = "Process " + process.name() + " in group " + process.group()
                + " exited unexpectedly (pid " + pid + ") from state " + fromState;
        if (output != null) {
            body += "\n\n" + tail.heading() + "\n" + output;
        }
        String subject = " " + process.name() + " crashed at " + Asctime.format(now, zone);
        if (optionalHeader != null) {
            subject = optionalHeader + ":" + subject;
        }
        return Alert.of(name(), AlertKind.PROCESS_CRASHED, now).subject(subject).body(body).process(process).pid(pid)
                .state("EXITED").fact(Facts.TAIL, output).build();
    }

    /**
     * Same kind as the crash, so Alertmanager matches it to the firing alert and resolves that; with how long
     * the program was down, which mail, SMS and chat show.
     */
    private Alert runningAgainAlert(ProcessId process, Integer pid, Duration down, Instant now) {
        String body = "Process " + process.name() + " in group " + process.group()
                + " is running again (pid " + pid + ") after exiting unexpectedly";
        String subject = " " + process.name() + " running again at " + Asctime.format(now, zone);
        if (optionalHeader != null) {
            subject = optionalHeader + ":" + subject;
        }
        return Alert.of(name(), AlertKind.PROCESS_CRASHED, now).subject(subject).body(body).process(process).pid(pid)
                .state("RUNNING").resolved(true).fact(Facts.DURATION, DurationText.of(down)).build();
    }
}
