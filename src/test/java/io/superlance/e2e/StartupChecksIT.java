package io.superlance.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What can only be known at run time: one alert through the channels, resolved when it clears. */
class StartupChecksIT {
    @TempDir
    Path dir;

    @Test
    void aBatchCommandWhoseTickDoesNotComeSaysSoOnce_andResolvesAtTheFirstTick() throws Exception {
        try (HttpSink hook = new HttpSink();
             ListenerDriver l = ListenerDriver.superlance(dir, "crashmailbatch", "--webhook", hook.url("/in"),
                     "-e", "TICK_5", "--spool-dir", dir.resolve("spool").toString()).stderr("batch.stderr").start()) {
            l.crash("web", "web", 11); // events come, but not its tick: as when events= lacks TICK_5
            HttpSink.Request missing = hook.await(Long.MIN_VALUE, r -> r.body().contains("TickMissing"), Duration.ofSeconds(25),
                    "the missing tick's alert");
            assertTrue(missing.body().contains("no TICK_5 from supervisord for"), missing.body());
            l.crash("web", "web", 12);
            long since = System.nanoTime();
            l.tick5();
            HttpSink.Request back = hook.await(since, r -> r.body().contains("arrives again"), Duration.ofSeconds(10),
                    "the resolution");
            assertTrue(back.body().contains("TickMissing"), back.body());
            assertEquals(1, hook.requests().stream().filter(r -> r.body().contains("no TICK_5 from")).count(),
                    "one alert per condition");
        }
    }
}
