package io.superlance.e2e;

import io.superlance.rpc.ProcessInfo;
import io.superlance.rpc.RpcException;
import io.superlance.rpc.RpcFault;
import io.superlance.rpc.SupervisorClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real supervisord (Debian's supervisor package) in a test's own directory, for end-to-end tests: its
 * socket, logs and listeners' state are there, so tests that run side by side cannot meet. The
 * configuration is written to {@code dir/supervisord.conf}; {@code %(here)s} in it is that directory.
 * States are read over XML-RPC (a supervisorctl per poll would be a Python start-up each time).
 */
public final class Supervisord implements AutoCloseable {
    private final Path dir;
    private final Path config;
    private final Process process;
    private final SupervisorClient rpc;

    private Supervisord(Path dir, Path config, Process process, SupervisorClient rpc) {
        this.dir = dir;
        this.config = config;
        this.process = process;
        this.rpc = rpc;
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

    public static Supervisord start(Path dir, SupervisordConfig config) throws IOException, InterruptedException {
        return start(dir, config.text(), config.user(), config.password());
    }

    /** Starts supervisord in the foreground with {@code configText} and waits until it answers. */
    public static Supervisord start(Path dir, String configText) throws IOException, InterruptedException {
        return start(dir, configText, null, null);
    }

    private static Supervisord start(Path dir, String configText, String user, String password)
            throws IOException, InterruptedException {
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
        SupervisorClient rpc = SupervisorClient.of("unix://" + dir.resolve("supervisor.sock"), user, password,
                Duration.ofSeconds(10), Duration.ofSeconds(60));
        Supervisord s = new Supervisord(dir, config, p, rpc);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("supervisord exited: " + s.read("supervisord.out") + s.log());
            }
            try {
                if ("RUNNING".equals(rpc.getState())) {
                    return s;
                }
            } catch (RpcException notYet) {
                // the socket is not there yet
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
        return rpc.url();
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

    /** supervisord's state name for a process (e.g. RUNNING), or null when it is not known. */
    public String state(String namespec) throws RpcException {
        try {
            return rpc.getProcessInfo(namespec).stateName();
        } catch (RpcFault unknown) {
            return null;
        }
    }

    public int pid(String namespec) throws RpcException {
        ProcessInfo info = rpc.getProcessInfo(namespec);
        if (info.pid() == 0) {
            throw new IllegalStateException(namespec + " has no pid: it is " + info.stateName());
        }
        return info.pid();
    }

    public void awaitState(String namespec, String state, Duration timeout) throws Exception {
        String[] last = new String[1];
        Await.until(timeout, () -> state.equals(last[0] = state(namespec)),
                () -> namespec + " not " + state + " (last: " + last[0] + ")\n" + ctl("status") + "\n" + log());
    }

    /** Stops a program, as {@code supervisorctl stop} does: returns once it is stopped. */
    public void stop(String namespec) throws RpcException {
        rpc.stopProcess(namespec, true);
    }

    /** Starts a program, as {@code supervisorctl start} does: returns once it is RUNNING. */
    public void start(String namespec) throws RpcException {
        rpc.startProcess(namespec, true);
    }

    /** Sends SIGKILL to a supervised process, the classic crash. */
    public void kill9(String namespec) throws IOException, InterruptedException {
        int pid = pid(namespec);
        Process p = new ProcessBuilder("kill", "-9", Integer.toString(pid)).inheritIO().start();
        p.waitFor();
    }

    /** How often supervisord started the program: its log says {@code spawned: 'NAME' with pid N}. */
    public int spawns(String name) throws IOException {
        return Await.occurrences(log(), "spawned: '" + name + "' with pid");
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
