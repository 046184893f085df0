package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Debian package that {@code mvn package} builds, installed the way a fleet installs it ({@code apt-get
 * install ./superlance_*.deb}), then a crash mailed through the installed {@code /usr/bin/crashmail} under a
 * real supervisord, then removed. It changes the machine, so it needs root and apt. It runs beside the other
 * end-to-end tests: they run the image in target/, never what the package installs.
 */
class DebianPackageIT {
    @TempDir
    Path dir;

    @Test
    void installedPackageMailsACrashThroughItsCommandNames_andRemovesCleanly() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get")),
                "installing a package needs root and apt-get");
        Path deb = builtPackage();
        try {
            String installed = run(List.of("apt-get", "install", "-y", "--no-install-recommends", deb.toString()));
            assertTrue(Files.isSymbolicLink(Path.of("/usr/bin/crashmail")), installed);
            // the start-up archive was made for /opt/superlance: with sharing required the JVM starts
            assertTrue(Files.exists(Path.of("/opt/superlance/lib/superlance.jsa")), installed);
            String version = run(List.of("env", "SUPERLANCE_JAVA_OPTS=-Xshare:on", "/usr/bin/superlance", "--version"));
            assertTrue(version.contains("superlance"), version);
            for (String command : List.of("crashmail", "crashmailbatch", "fatalmailbatch", "crashsms", "memmon",
                    "httpok", "heartbeat", "logmon")) {
                assertTrue(Files.isExecutable(Path.of("/usr/bin", command)), command + " is not installed");
            }

            Mailbox mailbox = new Mailbox(dir.resolve("mailbox"));
            String config = SupervisordConfig.base().program("sample", "sleep 1000", "startsecs=1").text() + """

                    [eventlistener:crashmail]
                    command=/usr/bin/crashmail -m ops@example.com -s '%s'
                    events=PROCESS_STATE_EXITED
                    stdout_logfile=NONE
                    stderr_logfile=%%(here)s/crashmail.log
                    """.formatted(mailbox.command());
            try (Supervisord s = Supervisord.start(dir, config)) {
                s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
                s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
                int pid = s.pid("sample");
                s.kill9("sample");
                List<String> mails = mailbox.await(1, Duration.ofSeconds(10));
                assertEquals(1, mails.size(), s.read("crashmail.log"));
                assertTrue(mails.get(0).contains("Process sample in group sample exited unexpectedly (pid " + pid
                        + ") from state RUNNING"), mails.get(0));
            }
        } finally {
            run(List.of("apt-get", "remove", "-y", "superlance"));
        }
        assertFalse(Files.exists(Path.of("/usr/bin/crashmail"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "crashmail left behind");
        assertFalse(Files.exists(Path.of("/opt/superlance/lib/superlance.jsa")), "the start-up archive left behind");
    }

    private static Path builtPackage() throws IOException {
        try (Stream<Path> files = Files.list(Supervisord.basedir().resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("superlance_.*\\.deb")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/superlance_*.deb: run `mvn package`"))
                    .toAbsolutePath();
        }
    }

    /** Runs {@code command}, returns its output; fails the test on a non-zero exit or after two minutes. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "still running: " + command);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + "\n" + text);
        return text;
    }
}
