package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DurationText;
import io.superlance.alert.Facts;
import io.superlance.protocol.Event;
import io.superlance.protocol.EventNames;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Notices that the TICK a monitor counts on does not come: supervisord does not tell a listener which events
 * {@code events=} subscribes it to, so a batch command whose tick is missing there would never send and never
 * say. No tick for two periods is one alert, resolved by the next tick. Pure, like every monitor.
 */
public final class TickWatch extends Watch {
    private static final String WHAT = "tick";

    private final String monitor;
    private final String ticks;
    private final Duration period;
    private Instant last;

    private TickWatch(String monitor, String ticks, Duration period, Incidents incidents, Instant start) {
        super(incidents);
        this.monitor = monitor;
        this.ticks = ticks;
        this.period = period;
        this.last = start;
    }

    /**
     * The watch of a monitor that wants TICK events; null for one that wants none.
     * @param repeat the command's {@code --repeat}: least time between reminders; null for none
     */
    public static TickWatch of(Monitor monitor, String host, Duration repeat, Instant start) {
        Set<String> events = monitor.events();
        List<String> wanted = new ArrayList<>();
        Duration period = null;
        for (String tick : EventNames.TICKS) { // shortest first
            if (events.contains(tick)) {
                wanted.add(tick);
                period = Event.Tick.period(tick);
            }
        }
        if (period == null) {
            return null;
        }
        // a monitor that takes any tick hears of trouble only after two of the longest: no false alarm
        return new TickWatch(monitor.name(), String.join(" or ", wanted), period,
                Incidents.ofWatch(host, monitor.name(), 1, repeat, WHAT::equals), start);
    }

    /** How often {@link #check} should be called. */
    public Duration period() {
        return period;
    }

    /** An event came: a tick clears the alert. @return the resolution to send, if any */
    public List<Alert> onEvent(String eventName, Instant now) {
        if (Event.Tick.period(eventName) == null) {
            return List.of();
        }
        last = now;
        Incidents.Verdict v = incidents.good(WHAT, now);
        if (v.step() != Incidents.Step.RESOLVE) {
            return List.of();
        }
        return List.of(alert(now, v, monitor + ": " + eventName + " arrives again",
                monitor + " has its " + eventName + " again, " + DurationText.of(v.lasted()) + " after it was reported missing."));
    }

    /** @return the alert to send when no tick came for two periods, once until one comes */
    public List<Alert> check(Instant now) {
        Duration silent = Duration.between(last, now);
        if (silent.compareTo(period.multipliedBy(2)) < 0) {
            return List.of();
        }
        Incidents.Verdict v = incidents.bad(WHAT, now);
        if (!v.alerts()) {
            return List.of();
        }
        return List.of(alert(now, v, monitor + ": no " + ticks + " from supervisord for " + DurationText.of(silent)
                        + v.reminderNote(),
                monitor + " counts on " + ticks + " and none came for " + DurationText.of(silent) + ": it does nothing "
                        + "until one comes. Add " + ticks + " to events= of its [eventlistener:x] section in supervisord.conf "
                        + "(supervisord does not tell a listener what it subscribed it to), or see whether supervisord hangs."));
    }

    private Alert alert(Instant now, Incidents.Verdict v, String subject, String body) {
        return v.alert(monitor, AlertKind.TICK_MISSING, now).subject(subject).body(body).fact(Facts.DURATION, DurationText.of(Duration.between(last, now))).build();
    }

}
