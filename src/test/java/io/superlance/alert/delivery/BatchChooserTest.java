package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.spool.Spool;
import io.superlance.alert.spool.SpoolEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a channel's lane sends next: no threads, no clock, only the spool's entries. */
class BatchChooserTest {
    static final Instant T = Instant.parse("2026-11-21T05:00:00Z");
    static final Instant WINDOW_END = T.plusSeconds(300);

    final Spool spool = Spool.inMemory(1000, List.of("c", "d"));
    final TestChannel c = new TestChannel("c");
    final BatchChooser chooser = new BatchChooser(Duration.ofMinutes(5));

    SpoolEntry add(String id, String program, Instant holdUntil) {
        return spool.add(TestAlerts.crash(id, program, T), holdUntil);
    }

    Batch next(Instant now) {
        return chooser.next(spool.entries(), c, "c", 0, now, false);
    }

    static List<String> ids(Batch b) {
        return b.alerts().stream().map(Alert::id).toList();
    }

    @Test
    void aChannelThatDoesNotFoldTakesTheOldestAlertAlone() {
        SpoolEntry a = add("a", "web", null);
        add("b", "db", null);
        assertEquals(List.of("a"), ids(next(T)));
        spool.markDone(a, "c");
        assertEquals(List.of("b"), ids(next(T)));
        assertEquals(List.of("a"), ids(chooser.next(spool.entries(), new TestChannel("d"), "d", 0, T, false)),
                "each channel has its own place in the spool");
    }

    @Test
    void aFoldingChannelTakesWhatIsWaiting_upToFiftyAlertsAMessage() {
        c.folds = true;
        for (int i = 0; i < 60; i++) {
            add("a" + i, "p" + i, null);
        }
        Batch b = next(T);
        assertEquals(BatchChooser.MAX_PER_MESSAGE, b.alerts().size());
        assertEquals("a0", b.alerts().get(0).id());
        assertEquals("a49", b.alerts().get(49).id());
    }

    @Test
    void alertsHeldForOneProgramUntilTheSameInstantGoAsOneFoldedAlertWhenDue() {
        SpoolEntry first = add("w0", "web", null);
        add("w1", "web", WINDOW_END);
        add("d1", "db", WINDOW_END);
        add("w2", "web", WINDOW_END);
        add("w3", "web", WINDOW_END);
        assertEquals(List.of("w0"), ids(next(T.plusSeconds(10))));
        spool.markDone(first, "c");

        assertNull(next(T.plusSeconds(10)), "the rest is held");
        assertEquals(290_001, BatchChooser.untilNextHold(spool.entries(), "c", T.plusSeconds(10), false));

        Batch b = next(WINDOW_END);
        assertEquals(1, b.groups().size());
        assertEquals(3, b.entries().size());
        Alert folded = b.alerts().get(0);
        assertEquals("w1-3", folded.id());
        assertEquals("web: 3 crashed (3 alerts)", folded.subject(), "counts what it holds");
        assertTrue(folded.body().startsWith("3 alerts for web within 5m (--min-interval), folded into one message:"), folded.body());
        assertTrue(folded.body().contains("body w1") && folded.body().contains("body w3") && !folded.body().contains("body d1"));
        assertEquals("w1, w2, w3", b.ids());
    }

    @Test
    void drainingReleasesWhatIsHeld() {
        add("w1", "web", WINDOW_END);
        assertNull(next(T));
        assertEquals(List.of("w1"), ids(chooser.next(spool.entries(), c, "c", 0, T, true)));
        assertEquals(0, BatchChooser.untilNextHold(spool.entries(), "c", T, true), "nothing to wake up for");
    }

    @Test
    void whatTheChannelDoesNotTakeIsLeftOut() {
        c.takesResolved = false;
        SpoolEntry resolved = spool.add(TestAlerts.runningAgain("web", "web", 1), null);
        add("a", "db", null);
        assertEquals(List.of(resolved), BatchChooser.leftOut(spool.entries(), c, "c"));
        assertEquals(List.of("a"), ids(next(T)));
        assertEquals(List.of(), BatchChooser.leftOut(spool.entries(), new TestChannel("d"), "d"));
    }

    @Test
    void theCountOfAlertsTheFullSpoolCouldNotKeepGoesOnTheFirstAlertOnly() {
        c.folds = true;
        add("a", "web", null);
        add("b", "db", null);
        Batch b = chooser.next(spool.entries(), c, "c", 3, T, false);
        assertEquals(3, b.notShown());
        assertTrue(b.alerts().get(0).body().endsWith("\n\n3 more alerts not shown (the listener's spool was full)"),
                b.alerts().get(0).body());
        assertFalse(b.alerts().get(1).body().contains("not shown"));
    }

    @Test
    void aReceiverThatGroupsItself_getsEveryAlertAsItIs_heldOrNot() {
        TestChannel am = new TestChannel("c") {
            @Override
            public boolean groupsItself() {
                return true;
            }
        };
        am.folds = true;
        add("a", "web", null);
        add("b", "web", WINDOW_END);
        add("c", "web", WINDOW_END);
        Batch b = chooser.next(spool.entries(), am, "c", 0, T, false);
        assertEquals(List.of("a", "b", "c"), ids(b), "storm control holds nothing back from it, and nothing is folded");
        assertEquals(3, b.groups().size());
        assertEquals(List.of("a", "b", "c"), ids(chooser.next(spool.entries(), am, "c", 0, T, false, 0)),
                "nor after an outage");
    }
}
