package io.superlance.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real supervisord (Debian's supervisor package) in a temporary directory, for end-to-end tests.
 * The configuration is written to {@code dir/supervisord.conf}; {@code %(here)s} in it is that directory.
 */
public final class Supervisord implements AutoCloseable {
    /** What every test configuration starts with: supervisord, its unix socket, RPC and supervisorctl in {@code %(here)s}. */
    public static final String BASE_CONFIG = """
            [unix_http_server]
            file=%(here)s/supervisor.sock
            [supervisord]
            logfile=%(here)s/supervisord.log
            pidfile=%(here)s/supervisord.pid
            childlogdir=%(here)s
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            [supervisorctl]
            serverurl=unix://%(here)s/supervisor.sock
            """;

    private static final Pattern STATUS = Pattern.compile("^(\\S+)\\s+(\\S+)\\s*(?:pid (\\d+))?.*$");

    private final Path dir;
    private final Path config;
    private final Process process;

    private Supervisord(Path dir, Path config, Process process) {
        this.dir = dir;
        this.config = config;
        this.process = process;
    }

    /** The built image's launcher, {@code target/superlance/bin/superlance}. */
    public static Path launcher() {
        String image = System.getProperty("superlance.image", "target/superlance");
        Path p = Path.of(image, "bin", "superlance").toAbsolutePath();
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is missing: run `mvn package` first");
        }
        return p;
    }

    /** The repository's root, for files such as supervisord.conf.example. */
    public static Path basedir() {
        return Path.of(System.getProperty("superlance.basedir", ".")).toAbsolutePath();
    }

    /** Starts supervisord in the foreground with {@code configText} and waits until it answers. */
    public static Supervisord start(Path dir, String configText) throws IOException, InterruptedException {
        if (!onPath("supervisord")) {
            throw new IllegalStateException("supervisord is not installed: apt-get install -y supervisor");
        }
        Path config = dir.resolve("supervisord.conf");
        Files.writeString(config, configText);
        ProcessBuilder pb = new ProcessBuilder("supervisord", "-n", "-c", config.toString());
        // the listeners' spools (pending alerts) live in the test's directory, not in /var/lib/superlance
        pb.environment().put("SUPERLANCE_STATE_DIR", dir.resolve("state").toString());
        Process p = pb
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("supervisord.out").toFile())
                .start();
        Supervisord s = new Supervisord(dir, config, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("supervisord exited: " + s.read("supervisord.out") + s.log());
            }
            if (s.ctl("pid").strip().matches("\\d+")) {
                return s;
            }
            Thread.sleep(50);
        }
        s.close();
        throw new IllegalStateException("supervisord did not answer within 15 s: " + s.log());
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return config;
    }

    /** {@code unix://dir/supervisor.sock}, as the listeners see it in SUPERVISOR_SERVER_URL. */
    public String socketUrl() {
        return "unix://" + dir.resolve("supervisor.sock");
    }

    /** Runs supervisorctl against this supervisord; returns what it printed. */
    public String ctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("supervisorctl", "-c", config.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return out;
    }

    /** supervisorctl's state name for a process (e.g. RUNNING), or null when it is not known. */
    public String state(String namespec) throws IOException, InterruptedException {
        Matcher m = STATUS.matcher(ctl("status", namespec).strip());
        return m.matches() && m.group(1).equals(namespec) ? m.group(2) : null;
    }

    public int pid(String namespec) throws IOException, InterruptedException {
        Matcher m = STATUS.matcher(ctl("status", namespec).strip());
        if (!m.matches() || m.group(3) == null) {
            throw new IllegalStateException(namespec + " has no pid: " + ctl("status", namespec));
        }
        return Integer.parseInt(m.group(3));
    }

    public void awaitState(String namespec, String state, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = state(namespec);
            if (state.equals(last)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(namespec + " not " + state + " within " + timeout.toMillis() + " ms (last: " + last
                + ")\n" + ctl("status") + "\n" + log());
    }

    /** Sends SIGKILL to a supervised process, the classic crash. */
    public void kill9(String namespec) throws IOException, InterruptedException {
        int pid = pid(namespec);
        Process p = new ProcessBuilder("kill", "-9", Integer.toString(pid)).inheritIO().start();
        p.waitFor();
    }

    /** supervisord's own log. */
    public String log() throws IOException {
        return read("supervisord.log");
    }

    public String read(String name) throws IOException {
        Path p = dir.resolve(name);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: supervisord stops its children, listeners included
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
