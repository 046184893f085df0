package io.superlance.cli;

import io.superlance.alert.channels.Channels;
import io.superlance.alert.channels.SecretSource;
import io.superlance.http.Redacted;
import io.superlance.monitor.CronSchedule;
import io.superlance.monitor.HeartbeatMonitor;
import io.superlance.monitor.ProgramSelector;
import io.superlance.protocol.EventNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@Command(name = "heartbeat", addMethodSubcommands = false, sortOptions = false,
        description = {"Ping an external monitor on supervisord's TICKs: a dead man's switch.",
                "Success while every watched program is RUNNING, failure otherwise; the pings stop "
                        + "when the host or supervisord dies or hangs, and healthchecks.io (Cronitor, ...) alerts.",
                "Subscribe it to its TICK, e.g. events=TICK_60 (with --within or --cron: "
                        + "events=TICK_60,PROCESS_STATE,PROCESS_COMMUNICATION)."})
final class HeartbeatCommand extends MailingCommand {
    /** PING_, as $SUPERLANCE_PING_USER and $SUPERLANCE_PING_PASSWORD: a bare SUPERLANCE_URL would say nothing. */
    static final String PING_URL_ENV = "SUPERLANCE_PING_URL";
    static final String PING_FAIL_URL_ENV = "SUPERLANCE_PING_FAIL_URL";
    static final String DEFAULT_CRON_GRACE = "1h";
    /** --cron-grace's word for "by the end of the scheduled day". */
    static final String END_OF_DAY = "end-of-day";

    @Option(names = {"-e", "--tick"}, paramLabel = "TICK", defaultValue = EventNames.TICK_60,
            description = "The TICK event to count: TICK_5, TICK_60 or TICK_3600. Default: ${DEFAULT-VALUE}.")
    String tick;

    @Option(names = {"-p", "--program"}, paramLabel = "NAME",
            description = "A program that must be RUNNING: NAME, GROUP:NAME or GROUP:*. Repeatable. Default: all.")
    List<String> programs = new ArrayList<>();

    @Option(names = {"-a", "--any"}, description = "Every program must be RUNNING (the default without -p).")
    boolean any;

    @Option(names = "--every", paramLabel = "N", defaultValue = "1",
            description = "Check and ping on every N-th tick. Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--url", paramLabel = "URL", description = "The success ping URL (http:// or https://). Required: "
            + "this, --url-file or $" + PING_URL_ENV + ".")
    String url;

    @Option(names = "--url-file", paramLabel = "FILE",
            description = "Read the success ping URL from FILE (first line): it holds the check's secret.")
    Path urlFile;

    @Option(names = "--fail-url", paramLabel = "URL",
            description = "The failure ping URL; its body lists what is down. Default: URL/fail (healthchecks.io's convention).")
    String failUrl;

    @Option(names = "--fail-url-file", paramLabel = "FILE",
            description = "Read the failure ping URL from FILE (first line). Default: $" + PING_FAIL_URL_ENV + ", else URL/fail.")
    Path failUrlFile;

    @Option(names = "--fail-param", paramLabel = "NAME",
            description = "Send failures to URL with the failure text in query parameter NAME instead (e.g. data, for a 'Heartbeats' server).")
    String failParam;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "POST",
            description = "GET or POST. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10", converter = Durations.Seconds.class,
            description = "Time allowed for one ping attempt (a bare number is seconds). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "2",
            description = "Attempts more after a ping gets no answer or a 5xx, a second apart. Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--within", paramLabel = "NAME=DURATION",
            description = "A periodic job that must exit successfully at least once per DURATION (e.g. sync=125m). Repeatable.")
    List<String> within = new ArrayList<>();

    @Option(names = "--cron", paramLabel = "NAME=SCHEDULE",
            description = "A fixed-time job: after each time of the 5-field cron SCHEDULE (MIN HOUR DOM MON DOW, e.g. "
                    + "'backup=5 16 * * *') it must succeed within --cron-grace. Repeatable.")
    List<String> cron = new ArrayList<>();

    @Option(names = "--tz", paramLabel = "ZONE",
            description = "The time zone of --cron schedules and of times in texts, e.g. Asia/Shanghai. Default: the host's.")
    String tz;

    @Option(names = "--cron-grace", paramLabel = "[NAME=]DURATION",
            description = "How long after its scheduled time a --cron job may take to succeed; 'end-of-day' means "
                    + "before midnight of the scheduled day (in --tz). NAME= sets it for one job. Repeatable. Default: 1h.")
    List<String> cronGrace = new ArrayList<>();

    @Option(names = "--no-exit-alerts",
            description = "Do not alert a --within or --cron job's unexpected exit when it happens, only once the job is overdue.")
    boolean noExitAlerts;

    @Option(names = "--for", paramLabel = "N", defaultValue = "1", converter = ForChecks.class,
            description = "Alert (and send failure pings) only after N consecutive bad checks of a program or job. Default: ${DEFAULT-VALUE}.")
    int forChecks;

    @Override
    HeartbeatMonitor monitor() {
        if (!EventNames.TICKS.contains(tick)) {
            throw new ConfigException("-e/--tick: '" + tick + "' is not one of " + String.join(", ", EventNames.TICKS));
        }
        String url;
        String failUrl;
        try {
            url = new SecretSource("--url", this.url, urlFile, PING_URL_ENV).read(env);
            failUrl = new SecretSource("--fail-url", this.failUrl, failUrlFile, PING_FAIL_URL_ENV).read(env);
        } catch (Channels.SetupException e) {
            throw new ConfigException(e.getMessage());
        }
        if (url == null) {
            throw new ConfigException("give the ping URL, e.g. --url https://hc-ping.com/YOUR-UUID, or --url-file FILE, "
                    + "or set $" + PING_URL_ENV);
        }
        checkUrl("--url", url);
        if (failUrl != null && failParam != null) {
            throw new ConfigException("--fail-url and --fail-param contradict each other: give one");
        }
        if (failUrl != null) {
            checkUrl("--fail-url", failUrl);
        }
        if (failParam != null && !failParam.matches("[A-Za-z0-9_.~-]+")) {
            throw new ConfigException("--fail-param: '" + failParam + "' is not a query parameter name");
        }
        String m = method.toUpperCase(Locale.ROOT);
        if (!m.equals("GET") && !m.equals("POST")) {
            throw new ConfigException("--method: '" + method + "' is neither GET nor POST");
        }
        if (every < 1) {
            throw new ConfigException("--every must be at least 1");
        }
        if (retries < 0 || retries > 5) {
            throw new ConfigException("--retries must be from 0 to 5");
        }
        if (timeout.isZero()) {
            throw new ConfigException("--timeout must be positive");
        }
        List<HeartbeatMonitor.Within> jobs = new ArrayList<>();
        for (String w : within) {
            int eq = w.lastIndexOf('=');
            if (eq <= 0 || eq == w.length() - 1) {
                throw new ConfigException("--within: '" + w + "' is not NAME=DURATION (e.g. sync=125m)");
            }
            Duration period = Durations.inValue("--within " + w.substring(0, eq), w.substring(eq + 1));
            if (period.isZero()) {
                throw new ConfigException("--within: the duration must be positive in '" + w + "'");
            }
            jobs.add(new HeartbeatMonitor.Within(w.substring(0, eq).strip(), period, w.strip()));
        }
        ZoneId zone;
        try {
            zone = tz == null ? ZoneId.systemDefault() : ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new ConfigException("--tz: '" + tz + "' is not a time zone (e.g. Asia/Shanghai, UTC, Europe/Berlin)");
        }
        List<HeartbeatMonitor.Cron> crons = cronJobs(zone);
        String fail = failUrl != null ? failUrl : withPath(url, "/fail");
        return new HeartbeatMonitor(HeartbeatMonitor.Settings.of(url).tick(tick).programs(ProgramSelector.of(programs, any || programs.isEmpty()))
                .every(every).failUrl(fail).failParam(failParam).method(m).timeout(timeout).retries(retries).within(jobs)
                .host(Settings.hostname(channels)).zone(tz == null ? null : zone).forChecks(forChecks).cron(crons).exitAlerts(!noExitAlerts)
                .build(), incidents("heartbeat", forChecks));
    }

    /** --cron NAME=SCHEDULE with each job's --cron-grace: NAME=DURATION for that job, else a bare one, else 1h. */
    private List<HeartbeatMonitor.Cron> cronJobs(ZoneId zone) {
        Map<String, String> graces = new HashMap<>();
        String allGrace = null;
        for (String g : cronGrace) {
            int eq = g.lastIndexOf('=');
            if (eq < 0) {
                allGrace = g.strip();
            } else {
                graces.put(g.substring(0, eq).strip(), g.substring(eq + 1).strip());
            }
        }
        List<HeartbeatMonitor.Cron> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String c : cron) {
            int eq = c.indexOf('=');
            if (eq <= 0 || eq == c.length() - 1) {
                throw new ConfigException("--cron: '" + c + "' is not NAME=SCHEDULE (e.g. 'backup=5 16 * * *')");
            }
            String name = c.substring(0, eq).strip();
            names.add(name);
            CronSchedule schedule;
            try {
                schedule = CronSchedule.parse(c.substring(eq + 1), zone);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--cron " + name + ": " + e.getMessage());
            }
            String g = graces.getOrDefault(name, allGrace == null ? DEFAULT_CRON_GRACE : allGrace);
            Duration grace = null;
            if (!g.equals(END_OF_DAY)) {
                grace = Durations.inValue("--cron-grace " + name, g);
                if (grace.isZero()) {
                    throw new ConfigException("--cron-grace " + name + ": give a positive duration or " + END_OF_DAY);
                }
            }
            out.add(new HeartbeatMonitor.Cron(name, schedule, grace, name + "=" + c.substring(eq + 1).strip()));
        }
        for (String n : graces.keySet()) {
            if (!names.contains(n)) {
                throw new ConfigException("--cron-grace: '" + n + "' names no --cron job");
            }
        }
        return out;
    }

    /** Errors never quote the URL whole: it holds the check's secret. */
    private static void checkUrl(String option, String text) {
        String scheme;
        try {
            scheme = new URI(text).getScheme();
        } catch (URISyntaxException e) {
            throw new ConfigException(option + ": '" + Redacted.url(text) + "' is not a URL (" + e.getReason() + " at character "
                    + (e.getIndex() + 1) + ")");
        }
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new ConfigException(option + ": '" + Redacted.url(text) + "': only http:// and https:// URLs can be pinged");
        }
    }

    /** {@code suffix} appended to the URL's path, before any query: https://hc-ping.com/UUID?rid=1 -> .../UUID/fail?rid=1. */
    static String withPath(String url, String suffix) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + suffix + query;
    }

    @Override
    boolean actsWithoutChannel() {
        return true; // its pings are what it does
    }
}
