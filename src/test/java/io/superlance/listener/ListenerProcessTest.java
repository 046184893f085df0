package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.spool.Spool;
import io.superlance.log.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenerProcessTest {
    static final Channel MAIL = new Channel() {
        @Override
        public String name() {
            return "smtp mail:25";
        }

        @Override
        public void send(Alert alert) {
        }
    };

    @TempDir
    Path state;

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    /** Issue 15 item 7: the 7 alerts already in an unusable default spool were neither delivered nor mentioned. */
    @Test
    void alertsWaitingInAnUnusableDefaultSpoolAreReported() throws IOException {
        Path dir = state.resolve("crashmail");
        try (Spool earlier = Spool.open(dir, 100, List.of("smtp mail:25"))) {
            for (int i = 0; i < 7; i++) {
                earlier.add(TestAlerts.crash("a" + i, "web", Instant.now()), null);
            }
        }
        // unusable (as root, permissions would not stop us): the lock cannot be opened
        Files.delete(dir.resolve("lock"));
        Files.createDirectory(dir.resolve("lock"));

        io.superlance.log.Log.name(List.of("crashmail", "memmon")); // a combined process: the line names the monitor
        Spool spool = Spools.open(List.of(MAIL),
                Map.of("SUPERLANCE_STATE_DIR", state.toString(), "SUPERVISOR_PROCESS_NAME", "crashmail"),
                ListenerProcess.Delivery.standard(), null, io.superlance.log.Log.of("crashmail"));
        assertNull(spool.dir(), "memory only");
        List<String> errors = log.lines("ERROR");
        assertEquals(1, errors.size(), log.text());
        assertTrue(errors.get(0).contains("ERROR crashmail+memmon: crashmail: 7 alert(s) left by an earlier run wait in " + dir), errors.get(0));
    }

    /** Issue 16: SUPERVISOR_SERVER_URL=foo://bar started cleanly and failed every check; now one line and exit 2. */
    @Test
    void aSupervisorUrlNoSupervisordWritesStopsTheStart_withoutItsPassword() {
        int status = ListenerProcess.run(List.of(), Map.of("SUPERVISOR_SERVER_URL", "foo://admin:s3cret@bar"),
                io.superlance.protocol.EventReader.LenUnit.BYTES);
        assertEquals(2, status);
        List<String> errors = log.lines("ERROR");
        assertEquals(1, errors.size(), log.text());
        assertTrue(errors.get(0).contains("SUPERVISOR_SERVER_URL: unsupported supervisord URL"), errors.get(0));
        assertTrue(!log.text().contains("s3cret"), log.text());
    }

    /** heartbeat with --url only: no channel, yet its journal (what superlance status shows) is kept on disk. */
    @Test
    void withoutAChannelTheDefaultSpoolStillKeepsTheJournal_orMemoryWithoutAWord() throws IOException {
        Map<String, String> env = Map.of("SUPERLANCE_STATE_DIR", state.toString(), "SUPERVISOR_PROCESS_NAME", "heartbeat");
        try (Spool spool = Spools.open(List.of(), env, ListenerProcess.Delivery.standard(), null,
                io.superlance.log.Log.of("heartbeat"))) {
            assertEquals(state.resolve("heartbeat"), spool.dir());
        }
        Files.writeString(state.resolve("blocked"), "a file, not a directory");
        Spool memory = Spools.open(List.of(), Map.of("SUPERLANCE_STATE_DIR", state.resolve("blocked").toString(),
                "SUPERVISOR_PROCESS_NAME", "heartbeat"), ListenerProcess.Delivery.standard(), null, io.superlance.log.Log.of("heartbeat"));
        assertNull(memory.dir());
        assertEquals("", log.text());
    }
}
