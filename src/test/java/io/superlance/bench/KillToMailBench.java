package io.superlance.bench;

import io.superlance.e2e.Mailbox;
import io.superlance.e2e.Supervisord;
import io.superlance.e2e.SupervisordConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code kill -9} to mail, paired: one program killed {@code kills} times under a real supervisord whose two
 * listeners are our crashmail and Python superlance's, each mailing through {@code scripts/sendmail-to-dir},
 * which names each mail's file by the clock when it was written. Both see every crash in the same
 * supervisord at the same moment, so the paired difference per kill is what our listener adds or saves.
 */
final class KillToMailBench {
    private KillToMailBench() {
    }

    /**
     * @param ours       kill to our mail, per kill
     * @param python     kill to Python's mail, per kill
     * @param difference the median over the kills of ours minus Python's, in ms
     * @param error      why it could not be measured, or null
     */
    record Result(int kills, Latencies ours, Latencies python, double difference, String error) {
    }

    /** Never throws: a run that could not be made is a result with its error. */
    static Result run(String pythonSuperlance, int kills, Path dir) {
        if (pythonSuperlance == null) {
            return new Result(kills, new Latencies(0), new Latencies(0), Double.NaN, "no --python-superlance DIR given");
        }
        try {
            return measure(pythonSuperlance, kills, dir);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            return new Result(kills, new Latencies(0), new Latencies(0), Double.NaN, why);
        }
    }

    private static Result measure(String pythonSuperlance, int kills, Path dir) throws Exception {
        Mailbox oursBox = new Mailbox(dir.resolve("ours-mail"));
        Mailbox pythonBox = new Mailbox(dir.resolve("python-mail"));
        String config = SupervisordConfig.base()
                .program("web", "sleep 86400", "startsecs=0", "autorestart=true")
                .listener("ours", "crashmail -p web -m ops@example.com -s '" + oursBox.command() + "'", "PROCESS_STATE_EXITED")
                .text() + """

                [eventlistener:python]
                command=INTERPRETER -m superlance.crashmail -p web -m ops@example.com -s 'SENDMAIL'
                events=PROCESS_STATE_EXITED
                environment=PYTHONPATH="SOURCES",PYTHONIOENCODING="utf-8"
                stdout_logfile=NONE
                stderr_logfile=%(here)s/python.log
                """.replace("INTERPRETER", PythonBench.python()).replace("SENDMAIL", pythonBox.command())
                .replace("SOURCES", pythonSuperlance);
        Latencies ours = new Latencies(kills);
        Latencies python = new Latencies(kills);
        double[] differences = new double[kills];
        try (Supervisord s = Supervisord.start(dir, config)) {
            for (String p : List.of("web", "ours", "python")) {
                s.awaitState(p, "RUNNING", Duration.ofSeconds(30));
            }
            for (int i = 0; i < kills; i++) {
                s.awaitState("web", "RUNNING", Duration.ofSeconds(30));
                Thread.sleep(1000); // both listeners idle, supervisord's loop at rest
                long killed = wallNanos();
                new ProcessBuilder("kill", "-9", Integer.toString(s.pid("web"))).inheritIO().start().waitFor();
                int n = i + 1;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (oursBox.size() < n || pythonBox.size() < n) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("kill " + n + ": " + oursBox.size() + " mails from ours, "
                                + pythonBox.size() + " from Python\n" + s.read("ours.log") + s.read("python.log"));
                    }
                    Thread.sleep(10);
                }
                long o = written(oursBox.files().get(i)) - killed;
                long p = written(pythonBox.files().get(i)) - killed;
                ours.add(o);
                python.add(p);
                differences[i] = (o - p) / 1e6;
            }
        }
        return new Result(kills, ours, python, Latencies.median(differences), null);
    }

    private static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** sendmail-to-dir names a mail {@code NANOS-PID.eml}, NANOS the clock when it was written. */
    private static long written(Path mail) {
        String name = mail.getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('-')));
    }

    public static void main(String[] args) throws Exception {
        Result r = run(args[0], args.length > 1 ? Integer.parseInt(args[1]) : 10, Files.createTempDirectory("kill-to-mail"));
        System.out.println(r.error() != null ? r.error() : String.format("ours %.1f ms, Python %.1f ms, median difference %+.1f ms",
                r.ours().ms(0.5), r.python().ms(0.5), r.difference()));
    }
}
