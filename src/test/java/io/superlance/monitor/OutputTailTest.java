package io.superlance.monitor;

import io.superlance.alert.Alert;
import io.superlance.alert.Facts;
import io.superlance.alert.sms.SmsText;
import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.superlance.monitor.DigestMonitorTest.T;
import static io.superlance.monitor.DigestMonitorTest.exited;
import static io.superlance.monitor.DigestMonitorTest.fatal;
import static io.superlance.monitor.DigestMonitorTest.only;
import static io.superlance.monitor.DigestMonitorTest.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --tail: which events ask for the program's last output, and where the lines go in each command's alert. */
class OutputTailTest {
    static final String OUTPUT = "Traceback (most recent call last):\nRuntimeError: 数据库连接失败";
    static final OutputTail TAIL = new OutputTail(5, false);

    static CrashMailMonitor crashmail(OutputTail tail) {
        return new CrashMailMonitor(ProgramSelector.of(List.of("web"), false), null, ZoneOffset.UTC, tail);
    }

    static DigestMonitor digest(DigestMonitor.Kind kind, OutputTail tail) {
        return new DigestMonitor(kind, ProgramSelector.all(), "TICK_60", 1.0, null, ZoneOffset.UTC, tail);
    }

    @Test
    void onlyACrashOfAWatchedProgramAsksForItsOutput_andOnlyWithTail() {
        assertEquals(new ProcessId("web", "web"), crashmail(TAIL).outputOf(exited("web", "web", 1, false)));
        assertNull(crashmail(TAIL).outputOf(exited("web", "web", 1, true)), "an expected exit");
        assertNull(crashmail(TAIL).outputOf(exited("db", "db", 1, false)), "not watched");
        assertNull(crashmail(null).outputOf(exited("web", "web", 1, false)), "--tail not given");
        assertEquals(new ProcessId("db", "db"), digest(DigestMonitor.Kind.FATAL, TAIL).outputOf(fatal("db", "db")));
        assertNull(digest(DigestMonitor.Kind.CRASH, TAIL).outputOf(fatal("db", "db")));
        assertNull(digest(DigestMonitor.Kind.CRASH, TAIL).outputOf(tick("TICK_60")));
    }

    @Test
    void crashmailPutsTheLinesAfterSuperlancesText() {
        Alert a = ((Action.Notify) crashmail(TAIL).onEvent(exited("web", "web", 42, false), T, OUTPUT).get(0)).alert();
        assertEquals("Process web in group web exited unexpectedly (pid 42) from state RUNNING\n\n"
                + "Last 5 lines of stderr:\n" + OUTPUT, a.body());
        assertEquals(OUTPUT, a.fact(Facts.TAIL));
        Alert plain = ((Action.Notify) crashmail(null).onEvent(exited("web", "web", 42, false), T).get(0)).alert();
        assertEquals("Process web in group web exited unexpectedly (pid 42) from state RUNNING", plain.body(),
                "without --tail the text is superlance's");
        assertNull(plain.fact(Facts.TAIL));
    }

    @Test
    void crashmailbatchListsEachCrashsLinesAfterSuperlancesLines_andKeepsThemOverARestart() {
        DigestMonitor m = digest(DigestMonitor.Kind.CRASH, new OutputTail(2, true));
        m.onEvent(exited("web", "web", 42, false), T, OUTPUT);
        m.onEvent(exited("db", "db", 43, false), T, "(no stdout log file: stdout_logfile is NONE)");
        DigestMonitor again = digest(DigestMonitor.Kind.CRASH, new OutputTail(2, true));
        Map<String, String> kept = m.state();
        assertEquals(List.of(), again.restore(kept));
        Alert a = only(again.onEvent(tick("TICK_60"), T));
        assertEquals("2024-05-06 07:08:09,123 -- Process web:web (pid 42) died unexpectedly\n"
                + "2024-05-06 07:08:09,123 -- Process db:db (pid 43) died unexpectedly\n\n"
                + "web:web (pid 42), last 2 lines of stdout:\n" + OUTPUT + "\n\n"
                + "db:db (pid 43), last 2 lines of stdout:\n(no stdout log file: stdout_logfile is NONE)", a.body());
        assertTrue(a.fact(Facts.TAIL).startsWith("web:web (pid 42), last 2 lines of stdout:\n" + OUTPUT), a.fact(Facts.TAIL));
    }

    @Test
    void crashsmsPutsTheLastOfTheOutputOnTheLine_cutToOneSms() {
        DigestMonitor m = digest(DigestMonitor.Kind.CRASH_SMS, TAIL);
        m.onEvent(exited("web", "web", 42, false), T, OUTPUT);
        m.onEvent(exited("db", "db", 43, false), T, "x".repeat(300) + "\nFATAL: 磁盘已满");
        String[] lines = only(m.onEvent(tick("TICK_60"), T)).body().split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertEquals("[web:web](42) exited unexpectedly 2024-05-06 07:08:09,123 | Traceback (most recent call last): / "
                + "RuntimeError: 数据库连接失败", lines[0]);
        assertEquals(SmsText.MAX, lines[1].codePointCount(0, lines[1].length()), lines[1]);
        assertTrue(lines[1].startsWith("[db:db](43) exited unexpectedly 2024-05-06 07:08:09,123 | …x"), lines[1]);
        assertTrue(lines[1].endsWith("x / FATAL: 磁盘已满"), "the end of the output says most: " + lines[1]);
        DigestMonitor plain = digest(DigestMonitor.Kind.CRASH_SMS, null);
        plain.onEvent(exited("web", "web", 42, false), T, OUTPUT);
        assertEquals("[web:web](42) exited unexpectedly 2024-05-06 07:08:09,123", only(plain.onEvent(tick("TICK_60"), T)).body(),
                "without --tail the line is superlance's");
    }
}
