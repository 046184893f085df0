package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DurationText;
import io.superlance.alert.Facts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Notices that supervisord's XML-RPC does not answer a monitor's checks (supervisord down, a bad
 * SUPERVISOR_SERVER_URL, credentials refused): the monitor then checks nothing, and a line in its log
 * every tick told no one. Two failed reads in a row are one alert, keyed on the URL; the next answer
 * resolves it. A failure is logged when it begins or changes, and the answer that ends it: not every
 * tick. Pure, like every monitor; the URL and the failure come redacted.
 */
public final class RpcWatch extends Watch {
    /** Failed reads in a row before the alert: a single one may be supervisord busy for a moment. */
    static final int CONFIRM = 2;
    private static final String WHAT = "rpc ";

    private final String monitor;
    // while reads fail: the URL and the failure last logged; null while supervisord answers
    private String url;
    private String failure;
    private Instant since;

    /** @param repeat the command's {@code --repeat}: least time between reminders; null for none */
    public RpcWatch(String monitor, String host, Duration repeat) {
        super(Incidents.ofWatch(host, monitor, CONFIRM, repeat, what -> what.startsWith(WHAT)));
        this.monitor = monitor;
    }

    /** A check could not read supervisord's process list. @return its log line if new, and the alert once confirmed */
    public List<Action> failed(String url, String failure, Instant now) {
        List<Action> out = new ArrayList<>();
        if (this.failure == null) {
            since = now;
            out.add(Action.Log.warning("cannot read supervisord's process list, checks wait until it answers: " + failure));
        } else if (!failure.equals(this.failure)) {
            out.add(Action.Log.warning("still cannot read supervisord's process list, now: " + failure));
        }
        this.url = url;
        this.failure = failure;
        Incidents.Verdict v = incidents.bad(WHAT + url, now);
        if (v.alerts()) {
            out.add(new Action.Notify(alert(v, url, now, monitor + ": supervisord at " + url + " does not answer" + v.reminderNote(),
                    monitor + " cannot read supervisord's process list: " + failure + ". It checks nothing until supervisord"
                            + " answers. See that supervisord runs, and the listener's SUPERVISOR_SERVER_URL (serverurl= of its"
                            + " section, or [unix_http_server]/[inet_http_server]), SUPERVISOR_USERNAME and SUPERVISOR_PASSWORD.")));
        }
        return out;
    }

    /**
     * A check read supervisord's process list. @return the line and the resolution when reads failed before,
     * in this run or before a restart (the incident comes back from the journal, the failure's text does not)
     */
    public List<Action> answered(Instant now) {
        List<Action> out = new ArrayList<>();
        if (failure != null) {
            out.add(new Action.Log("supervisord at " + url + " answers again, after " + DurationText.of(Duration.between(since, now))));
        }
        for (String what : incidents.open()) {
            String at = what.substring(WHAT.length());
            Incidents.Verdict v = incidents.good(what, now);
            if (v.step() == Incidents.Step.RESOLVE) {
                out.add(new Action.Notify(alert(v, at, now, monitor + ": supervisord at " + at + " answers again",
                        monitor + " reads supervisord's process list again; it could not for " + DurationText.of(v.lasted())
                                + (failure == null ? "." : " (" + failure + ")."))));
            }
        }
        url = null;
        failure = null;
        since = null;
        return out;
    }

    private Alert alert(Incidents.Verdict v, String url, Instant now, String subject, String body) {
        return v.alert(monitor, AlertKind.SUPERVISOR_UNREACHABLE, now).subject(subject).body(body)
                .fact(Facts.URL, url).fact(Facts.MESSAGE, failure).fact(Facts.DURATION, v.duration()).build();
    }

}
