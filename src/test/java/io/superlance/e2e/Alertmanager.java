package io.superlance.e2e;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager) on loopback, clustering off, its
 * state in a temporary directory. Its notifications go to {@code receiverUrl} with resolved ones included.
 */
public final class Alertmanager implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final Process process;
    private final String url;
    private final Path dir;

    private Alertmanager(Process process, String url, Path dir) {
        this.process = process;
        this.url = url;
        this.dir = dir;
    }

    public static Alertmanager start(Path dir, String receiverUrl) throws IOException, InterruptedException {
        return start(dir, receiverUrl, "5m");
    }

    /** @param resolveTimeout Alertmanager's {@code resolve_timeout}: when an alert sent without endsAt ends */
    public static Alertmanager start(Path dir, String receiverUrl, String resolveTimeout) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y prometheus-alertmanager");
        }
        int port = Ports.free();
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                global:
                  resolve_timeout: %s
                route:
                  receiver: hook
                  group_by: ['alertname', 'host', 'program']
                  group_wait: 100ms
                  group_interval: 500ms
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                """.formatted(resolveTimeout, receiverUrl));
        Path data = Files.createDirectories(dir.resolve("am-data"));
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.path=" + data,
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=info")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.out").toFile()).start();
        Alertmanager am = new Alertmanager(p, "http://127.0.0.1:" + port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("alertmanager exited: " + am.output());
            }
            if (am.ready()) {
                return am;
            }
            Thread.sleep(50);
        }
        am.close();
        throw new IllegalStateException("alertmanager not ready within 15 s: " + am.output());
    }

    /** e.g. {@code http://127.0.0.1:40123}, what {@code --alertmanager} takes. */
    public String url() {
        return url;
    }

    /** GET /api/v2/alerts: the active alerts, as JSON text. */
    public String alerts() throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url + "/api/v2/alerts").toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public String output() throws IOException {
        Path out = dir.resolve("alertmanager.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url + "/-/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
