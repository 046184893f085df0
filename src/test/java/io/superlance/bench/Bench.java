package io.superlance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark harness, run by {@code scripts/bench.sh}: plays supervisord's side of the protocol
 * against the built image for each command alone and for several in one process ({@link ListenerBench}),
 * the four Python superlance listeners those replace ({@link PythonBench}), logmon's line-to-alert latency
 * under a real supervisord ({@link LogmonLatencyBench}),
 * times a memmon tick with 200 supervised processes under a real supervisord ({@link MemmonTickBench}),
 * runs crashmailbatch against a hanging SMTP server ({@link HangingSmtpBench}), and prints one markdown
 * report ({@link Report}); {@code --write-docs} also writes it to docs/BENCHMARKS.md.
 *
 * <pre>
 * Bench [--events N] [--starts N] [--hanging-events N] [--tick-processes N] [--tick-rounds N]
 *       [--latency-programs N] [--python-superlance DIR] [--only NAME,...] [--launcher PATH] [--write-docs]
 * </pre>
 * Exit status 1 when a run broke the protocol or lost an alert; figures over their targets are marked
 * in the report but do not fail the command (a shared machine's numbers are noisy).
 */
public final class Bench {
    static final String MAIL = "bench@localhost";
    static final String SENDMAIL = "cat > /dev/null";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        Path dir = Files.createTempDirectory("superlance-bench");
        progress("work directory " + dir + " (listeners' stderr logs are kept there)");
        Report report = measure(s, dir);
        String text = report.markdown();
        System.out.print(text);
        if (s.writeDocs) {
            Path doc = Path.of("docs/BENCHMARKS.md");
            Files.writeString(doc, text);
            progress("wrote " + doc.toAbsolutePath());
        }
        if (!report.ok()) {
            System.err.println("bench: a run broke the protocol or lost alerts; logs in " + dir);
            System.exit(1);
        }
    }

    /** Runs every selected part; listeners' logs and spools go under {@code dir}. */
    static Report measure(Settings s, Path dir) throws Exception {
        String launcher = Path.of(s.launcher).toAbsolutePath().toString();
        Report report = new Report(s, Machine.describe(Path.of(launcher).getParent().getParent()));
        try (Stub stub = new Stub(3)) {
            List<Config> configs = new ArrayList<>(configurations(stub.url()).stream().filter(c -> s.selected(c.key())).toList());
            if (s.pythonSuperlance != null && s.selected("python") && s.selected("crashmail")) {
                configs.add(pythonCrashmail(s.pythonSuperlance));
            }
            Map<String, Map<String, String>> envs = new LinkedHashMap<>();
            Map<String, double[]> ready = new LinkedHashMap<>();
            Map<String, IOException> failed = new LinkedHashMap<>();
            for (Config c : configs) {
                Map<String, String> env = new LinkedHashMap<>();
                env.put("SUPERVISOR_SERVER_URL", stub.url());
                env.put("SUPERLANCE_STATE_DIR", Files.createDirectories(dir.resolve("state-" + c.key())).toString());
                env.putAll(c.env());
                envs.put(c.key(), env);
                ready.put(c.key(), new double[s.starts]);
            }
            if (!configs.isEmpty()) {
                progress(s.starts + " starts of each of " + configs.size() + " configurations, round-robin");
            }
            // round-robin: a busy moment of the shared machine then spreads over every configuration;
            // round -1 is not counted (it warms the page cache and this JVM's code that starts processes)
            for (int round = -1; round < s.starts; round++) {
                for (Config c : configs) {
                    if (failed.containsKey(c.key())) {
                        continue;
                    }
                    try {
                        double ms = ListenerBench.timeToReady(ListenerBench.listener(launcher, c, envs.get(c.key()), dir));
                        if (round >= 0) {
                            ready.get(c.key())[round] = ms;
                        }
                    } catch (IOException e) {
                        failed.put(c.key(), e);
                    }
                }
            }
            for (Config c : configs) {
                progress(c.key() + ": " + s.events + " events");
                try {
                    if (failed.containsKey(c.key())) {
                        throw failed.get(c.key());
                    }
                    report.add(ListenerBench.run(c, launcher, envs.get(c.key()), ready.get(c.key()), s.events, dir));
                } catch (IOException e) {
                    report.add(ListenerBench.failed(c, s.starts, s.events, e));
                }
            }
            Config ours = configs.stream().filter(c -> c.key().equals("crashmail")).findFirst().orElse(null);
            Config theirs = configs.stream().filter(c -> c.key().equals(PYTHON_CRASHMAIL)).findFirst().orElse(null);
            if (ours != null && theirs != null && s.pairedRounds > 0 && !failed.containsKey(ours.key())
                    && !failed.containsKey(theirs.key())) {
                progress("crashmail against Python superlance's: " + s.pairedRounds + " paired rounds of " + s.events + " events");
                report.paired(pairedRounds(s, ours, theirs, launcher, envs, dir));
            }
            if (s.selected("python")) {
                progress("Python superlance: four listeners, " + s.events + " events each");
                report.python(PythonBench.run(s.pythonSuperlance, stub.url(), s.events, Files.createDirectories(dir.resolve("python"))));
            }
            report.stubCounts(stub.rpcCalls(), stub.healthChecks(), stub.pings());
        }
        if (s.selected("latency")) {
            progress("logmon line-to-alert latency: " + s.latencyPrograms + " programs under supervisord");
            System.setProperty("superlance.image", Path.of(launcher).getParent().getParent().toString());
            report.latency(LogmonLatencyBench.run(s.latencyPrograms, 250, Files.createDirectories(dir.resolve("logmon-latency"))));
        }
        if (s.selected("tick")) {
            progress("memmon tick: " + s.tickProcesses + " processes under supervisord, " + s.tickRounds + " rounds");
            report.tick(MemmonTickBench.run(s.tickProcesses, s.tickRounds, Files.createDirectories(dir.resolve("memmon-tick"))));
        }
        if (s.selected("kill")) {
            progress("kill -9 to mail: ours and Python superlance's crashmail under one supervisord, 10 kills");
            System.setProperty("superlance.image", Path.of(launcher).getParent().getParent().toString());
            report.killToMail(KillToMailBench.run(s.pythonSuperlance, 10, Files.createDirectories(dir.resolve("kill-to-mail"))));
        }
        if (s.selected("hanging")) {
            progress("hanging SMTP: " + s.hangingEvents + " events to crashmailbatch");
            report.hanging(HangingSmtpBench.run(launcher, s.hangingEvents, 1000, dir));
        }
        return report;
    }

    /**
     * Our crashmail and Python superlance's, one right after the other, {@code s.pairedRounds} times, who goes
     * first alternating: the machine is shared and its speed drifts by more than the difference, so the
     * events/s figure is the median of the rounds' ratios, each taken at one moment.
     */
    private static List<ListenerBench.Pair> pairedRounds(Settings s, Config ours, Config theirs, String launcher,
                                                         Map<String, Map<String, String>> envs, Path dir) throws Exception {
        List<ListenerBench.Pair> pairs = new ArrayList<>();
        for (int round = 0; round < s.pairedRounds; round++) {
            ListenerBench.Row a = null;
            ListenerBench.Row b = null;
            for (Config c : round % 2 == 0 ? List.of(ours, theirs) : List.of(theirs, ours)) {
                // a state directory of its own: a journal of the same serials would take every event for one sent again
                Map<String, String> env = new LinkedHashMap<>(envs.get(c.key()));
                env.put("SUPERLANCE_STATE_DIR", Files.createDirectories(dir.resolve("state-" + c.key() + "-round-" + round)).toString());
                ListenerBench.Row row = ListenerBench.run(c, launcher, env, new double[] {Double.NaN}, s.events, dir);
                if (c == ours) {
                    a = row;
                } else {
                    b = row;
                }
            }
            if (a.ok() && b.ok()) {
                pairs.add(new ListenerBench.Pair(a.eventsPerSecond(), b.eventsPerSecond()));
            }
        }
        return pairs;
    }

    /**
     * One configuration of the image: {@code key} names it for --only, {@code targetMb} is the private dirty
     * memory it should stay under (0: none).
     */
    record Config(String key, String label, List<String> args, double targetMb, List<String> program, Map<String, String> env) {
        Config(String key, String label, List<String> args, double targetMb) {
            this(key, label, args, targetMb, null, Map.of());
        }

        /** Python superlance's listener, not the image's. */
        boolean python() {
            return program != null;
        }
    }

    /** The key of Python superlance's crashmail, run beside ours in the same round-robin for the paired figures. */
    static final String PYTHON_CRASHMAIL = "python-crashmail";

    /**
     * Python superlance's {@code crashmail -a} with our crashmail's options, run as one more configuration (its
     * starts round-robin with ours), so that events/s, ack latency and first READY are compared in the same run.
     */
    static Config pythonCrashmail(String superlanceDir) {
        return new Config(PYTHON_CRASHMAIL, "Python superlance crashmail", List.of("-a", "-m", MAIL, "-s", SENDMAIL), 0,
                List.of(PythonBench.python(), "-m", "superlance.crashmail"),
                Map.of("PYTHONPATH", Path.of(superlanceDir).toAbsolutePath().toString(), "PYTHONIOENCODING", "utf-8"));
    }

    /** Each command alone, with options that keep its work local, then several in one process. */
    static List<Config> configurations(String stub) {
        List<String> crashmail = List.of("crashmail", "-a", "-m", MAIL, "-s", SENDMAIL);
        List<String> crashmailbatch = List.of("crashmailbatch", "-t", MAIL, "-f", MAIL, "--sendmail", SENDMAIL);
        List<String> memmon = List.of("memmon", "-a", "200MB", "-m", MAIL, "-s", SENDMAIL);
        List<String> httpok = List.of("httpok", "-p", "web", "-m", MAIL, "-s", SENDMAIL, stub + "/health");
        List<String> heartbeat = List.of("heartbeat", "--url", stub + "/ping", "-m", MAIL, "-s", SENDMAIL);
        List<String> logmon = List.of("logmon", "--match", "ERROR", "-m", MAIL, "-s", SENDMAIL);
        return List.of(
                new Config("crashmail", "crashmail", crashmail, Report.PRIVATE_ONE),
                new Config("crashmailbatch", "crashmailbatch", crashmailbatch, Report.PRIVATE_ONE),
                new Config("memmon", "memmon", memmon, Report.PRIVATE_ONE),
                new Config("httpok", "httpok", httpok, Report.PRIVATE_ONE),
                new Config("heartbeat", "heartbeat", heartbeat, Report.PRIVATE_ONE),
                new Config("logmon", "logmon", logmon, Report.PRIVATE_ONE),
                new Config("combined", "four monitors in one process", concat(crashmail, crashmailbatch, memmon, httpok),
                        Report.PRIVATE_COMBINED),
                new Config("all", "all six in one process",
                        concat(crashmail, crashmailbatch, memmon, httpok, heartbeat, logmon), 0));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        Arrays.stream(parts).forEach(all::addAll);
        return all;
    }

    static void progress(String message) {
        System.err.println("bench: " + message);
    }

    static final class Settings {
        int events = 20_000;
        int starts = 11;
        int pairedRounds = 5;
        int hangingEvents = 10_000;
        int tickProcesses = 200;
        int tickRounds = 200;
        int latencyPrograms = 15; // under a DingTalk robot's 19 messages a minute: the rest would wait for the next minute
        String pythonSuperlance = System.getenv("PYTHON_SUPERLANCE");
        String launcher = "target/superlance/bin/superlance";
        boolean writeDocs;
        Set<String> only = new TreeSet<>();

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--events" -> s.events = Integer.parseInt(args[++i]);
                    case "--starts" -> s.starts = Integer.parseInt(args[++i]);
                    case "--paired-rounds" -> s.pairedRounds = Integer.parseInt(args[++i]);
                    case "--hanging-events" -> s.hangingEvents = Integer.parseInt(args[++i]);
                    case "--tick-processes" -> s.tickProcesses = Integer.parseInt(args[++i]);
                    case "--tick-rounds" -> s.tickRounds = Integer.parseInt(args[++i]);
                    case "--launcher" -> s.launcher = args[++i];
                    case "--only" -> s.only.addAll(Arrays.asList(args[++i].split(",")));
                    case "--latency-programs" -> s.latencyPrograms = Integer.parseInt(args[++i]);
                    case "--python-superlance" -> s.pythonSuperlance = args[++i];
                    case "--write-docs" -> s.writeDocs = true;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (--events N --starts N --paired-rounds N --hanging-events N --tick-processes N --tick-rounds N"
                            + " --latency-programs N --python-superlance DIR --only NAME,... --launcher PATH --write-docs)");
                }
            }
            return s;
        }

        /** --only takes keys: crashmail, ..., logmon, combined, all, python, latency, tick, kill, hanging. */
        boolean selected(String key) {
            return only.isEmpty() || only.contains(key);
        }
    }

    static long size(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
