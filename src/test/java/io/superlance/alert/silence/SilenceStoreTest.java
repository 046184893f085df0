package io.superlance.alert.silence;

import io.superlance.alert.AlertKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SilenceStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private SilenceAdmin admin(Instant now) {
        return new SilenceAdmin(new SilenceStore(dir), Clock.fixed(now, ZoneOffset.UTC), Set.of("httpok", "heartbeat"), "ops");
    }

    private static SilenceAdmin.Request web(Duration d) {
        return new SilenceAdmin.Request(List.of("web"), false, List.of("httpok"), List.of("HttpBadStatus"), d, null, "deploy", true, false);
    }

    @Test
    void whatIsAddedIsReadBackWhole_fromAFileEveryoneMayRead() throws IOException {
        Silence s = admin(T0).add(web(Duration.ofMinutes(15)));
        List<Silence> read = new SilenceStore(dir).read();
        assertEquals(List.of(s), read);
        assertEquals(T0.plusSeconds(900), s.end());
        assertEquals(List.of(AlertKind.HTTP_BAD_STATUS), s.kinds());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SilenceStore.FILE))));
        assertFalse(Files.exists(dir.resolve(".tmp-" + SilenceStore.FILE)));
    }

    @Test
    void removeAndExtend_andEndedOnesAreDroppedAnHourAfterTheirEnd() throws IOException {
        Silence a = admin(T0).add(web(Duration.ofMinutes(15)));
        Silence b = admin(T0).add(web(Duration.ofMinutes(5)));
        assertEquals(T0.plusSeconds(25 * 60), admin(T0).extend(a.id(), Duration.ofMinutes(10), false).end());
        admin(T0).remove(a.id());
        assertEquals(List.of(b.id()), new SilenceStore(dir).read().stream().map(Silence::id).toList());
        admin(T0.plus(Duration.ofMinutes(66))).add(web(Duration.ofMinutes(1)));
        assertFalse(new SilenceStore(dir).read().stream().anyMatch(s -> s.id().equals(b.id())), "ended over an hour ago");
    }

    @Test
    void theWatcherReadsTheFileAgainOnlyWhenItChanged() throws IOException {
        SilenceStore.Watcher w = new SilenceStore.Watcher(dir);
        assertFalse(w.refresh(), "no file, as before");
        Silence s = admin(T0).add(web(Duration.ofMinutes(15)));
        assertTrue(w.refresh());
        assertEquals(List.of(s), w.current().all());
        assertFalse(w.refresh());
        admin(T0).remove(s.id());
        assertTrue(w.refresh());
        assertEquals(List.of(), w.current().all());
    }

    @Test
    void aDamagedFileKeepsTheSilencesReadBefore_andIsReadAgainOnceMended() throws IOException {
        SilenceStore.Watcher w = new SilenceStore.Watcher(dir);
        Silence s = admin(T0).add(web(Duration.ofMinutes(15)));
        w.refresh();
        Files.writeString(dir.resolve(SilenceStore.FILE), "{\"silences\": [");
        try {
            w.refresh();
        } catch (IOException expected) {
            // the listener logs it
        }
        assertEquals(List.of(s), w.current().all());
        Files.writeString(dir.resolve(SilenceStore.FILE), "{\"silences\": []}");
        assertTrue(w.refresh());
        assertEquals(List.of(), w.current().all());
    }

    /** Two processes adding at once: the lock file makes each read-change-write whole, so neither add is lost. */
    @Test
    void concurrentAddsFromTwoProcessesAreAllKept() throws Exception {
        int each = 15;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AddMany.class.getName(),
                dir.toString(), Integer.toString(each)).redirectErrorStream(true).start();
        AddMany.main(new String[]{dir.toString(), Integer.toString(each)});
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, other.exitValue(), new String(other.getInputStream().readAllBytes()));
        List<Silence> all = new SilenceStore(dir).read();
        assertEquals(2 * each, all.size());
        assertEquals(2 * each, all.stream().map(Silence::id).distinct().count());
    }

    /** Adds N silences, one by one. */
    public static final class AddMany {
        public static void main(String[] args) throws IOException {
            SilenceAdmin admin = new SilenceAdmin(new SilenceStore(Path.of(args[0])), Clock.systemUTC(), Set.of(), "ops");
            List<Silence> added = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                added.add(admin.add(new SilenceAdmin.Request(List.of("p" + i), false, List.of(), List.of(), Duration.ofMinutes(5),
                        null, "", false, false)));
            }
        }
    }
}
