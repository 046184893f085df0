package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * supervisord 4.2.5 hands a killed listener's event in flight back to its own pool and to every pool
 * whose listener has the same priority (it compares processes by priority only): the other listener
 * gets, with the same serial, a crash it has mailed already.
 */
class DuplicateEventIT {
    @TempDir
    Path dir;

    @Test
    void aCrashHandedOverAgainAfterAListenersKillIsMailedOnce() throws Exception {
        SupervisordConfig config = SupervisordConfig.base()
                .program("sample", "/bin/sh -c 'exec sleep 600'", "startsecs=0", "autorestart=false");
        Mailbox a = crashmail(config, "a");
        Mailbox b = crashmail(config, "b");
        try (Supervisord s = Supervisord.start(dir, config)) {
            s.awaitState("sample", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("a", "RUNNING", Duration.ofSeconds(10));
            s.awaitState("b", "RUNNING", Duration.ofSeconds(10));
            Await.until(Duration.ofSeconds(20),
                    () -> s.read("a.log").contains("pending alerts are kept") && s.read("b.log").contains("pending alerts are kept"),
                    () -> "listeners not started\n" + s.read("a.log") + s.read("b.log"));
            Thread.sleep(1500); // and READY: only a listener that is READY is given the crash
            signal("STOP", s.pid("a")); // a takes the crash but never answers: it is in flight when a is killed
            s.kill9("sample");
            assertEquals(1, b.await(1, Duration.ofSeconds(10)).size(), "b mails the crash\n" + s.read("b.log"));
            s.kill9("a");
            assertEquals(1, a.await(1, Duration.ofSeconds(20)).size(), "the restarted a mails it\n" + s.read("a.log"));
            Await.until(Duration.ofSeconds(10), () -> s.read("b.log").contains("sample crashed") && b.size() > 1
                            || s.read("b.log").contains("was handled already"),
                    () -> "supervisord did not hand the crash to b again\n" + s.read("b.log") + s.log());
            assertEquals(1, b.size(), "b got the crash again and mailed it once\n" + s.read("b.log"));
        }
    }

    /** Adds a crashmail pool for program sample, of the same priority as the others; returns where it mails. */
    private Mailbox crashmail(SupervisordConfig config, String name) {
        Mailbox box = new Mailbox(dir.resolve("mail-" + name));
        config.listener(name, "crashmail -p sample -m ops@example.com -s '" + box.command() + "'",
                "PROCESS_STATE_EXITED", "startsecs=0", "autorestart=true", "priority=100");
        return box;
    }

    private static void signal(String name, int pid) throws Exception {
        assertTrue(new ProcessBuilder("kill", "-" + name, Integer.toString(pid)).inheritIO().start().waitFor() == 0);
    }
}
