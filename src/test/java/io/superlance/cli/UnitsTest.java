package io.superlance.cli;

import io.superlance.monitor.RestartBudget;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnitsTest {
    @Test
    void sizesArePowersOf1024AndCaseInsensitive() {
        assertEquals(1048576, Units.size("-a", "1048576"));
        assertEquals(1024, Units.size("-a", "1KB"));
        assertEquals(1024, Units.size("-a", "1kb"));
        assertEquals(200L * 1024 * 1024, Units.size("-a", "200MB"));
        assertEquals(200L * 1024 * 1024, Units.size("-a", "200M"));
        assertEquals(2L * 1024 * 1024 * 1024, Units.size("-a", "2GB"));
        assertEquals(1536L * 1024 * 1024, Units.size("-a", "1.5GB"));
        assertEquals(3L * 1024 * 1024, Units.size("-a", "3MiB"));
        assertEquals(10, Units.size("-a", "10b"));
    }

    @Test
    void badSizesSayWhichOptionAndWhatIsExpected() {
        ConfigException e = assertThrows(ConfigException.class, () -> Units.size("-p web", "lots"));
        assertEquals("-p web: 'lots' is not a size (e.g. 500KB, 200MB, 2GB, or bytes)", e.getMessage());
        assertThrows(ConfigException.class, () -> Units.size("-a", "10TB"));
        assertThrows(ConfigException.class, () -> Units.size("-a", "-5MB"));
        assertThrows(ConfigException.class, () -> Units.size("-a", ""));
    }

    @Test
    void restartLimitsAreNSlashDuration() {
        RestartBudget.Limit l = Units.restartLimit("--max-restarts", "3/1h");
        assertEquals(3, l.count());
        assertEquals(Duration.ofHours(1), l.window());
        assertEquals("3/1h", l.text());
        assertEquals(Duration.ofSeconds(600), Units.restartLimit("--max-restarts", "5/600s").window());
        ConfigException bare = assertThrows(ConfigException.class, () -> Units.restartLimit("--max-restarts", "5/600"));
        assertTrue(bare.getMessage().contains("'600' needs a unit (e.g. 600m, 600h, 600s)"), bare.getMessage());
        assertEquals(Duration.ofMinutes(90), Units.restartLimit("--max-restarts", "2/1h30m").window());
        for (String bad : new String[]{"3", "/1h", "x/1h", "0/1h", "3/0", "3/later"}) {
            assertThrows(ConfigException.class, () -> Units.restartLimit("--max-restarts", bad), bad);
        }
        assertEquals("--max-restarts: 'later' is not a duration: a number of seconds, or e.g. 500ms, 30s, 5m, 1h30m, 2d",
                assertThrows(ConfigException.class, () -> Units.restartLimit("--max-restarts", "3/later")).getMessage());
    }

    @Test
    void nameAndSizeSplitsAtTheLastEquals() {
        assertArrayEquals(new String[]{"web", "1MB"}, Units.nameAndSize("-p", "web=1MB"));
        assertArrayEquals(new String[]{"grp:web", "1MB"}, Units.nameAndSize("-p", "grp:web=1MB"));
        assertThrows(ConfigException.class, () -> Units.nameAndSize("-p", "web"));
        assertThrows(ConfigException.class, () -> Units.nameAndSize("-p", "=1MB"));
        assertThrows(ConfigException.class, () -> Units.nameAndSize("-p", "web="));
    }
}
