package io.superlance.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventParserTest {

    @Test
    void exitedCarriesTheCrashSignal() throws Exception {
        var e = (Event.ProcessStateChange) EventParser.parse("PROCESS_STATE_EXITED",
                "processname:cat groupname:cats from_state:RUNNING expected:0 pid:2766");
        assertEquals(ProcessState.EXITED, e.state());
        assertEquals(new ProcessId("cats", "cat"), e.process());
        assertEquals("cats:cat", e.process().namespec());
        assertEquals("RUNNING", e.fromState());
        assertEquals(2766, e.pid());
        assertTrue(e.isCrash());
        var expected = (Event.ProcessStateChange) EventParser.parse("PROCESS_STATE_EXITED",
                "processname:cat groupname:cat from_state:RUNNING expected:1 pid:2766");
        assertFalse(expected.isCrash());
        assertEquals("cat", expected.process().namespec());
    }

    @Test
    void everyStateOfTheTable() throws Exception {
        var starting = (Event.ProcessStateChange) EventParser.parse("PROCESS_STATE_STARTING",
                "processname:a groupname:g from_state:BACKOFF tries:3");
        assertEquals(3, starting.tries());
        assertNull(starting.pid());
        var backoff = (Event.ProcessStateChange) EventParser.parse("PROCESS_STATE_BACKOFF",
                "processname:a groupname:g from_state:STARTING tries:1");
        assertEquals(ProcessState.BACKOFF, backoff.state());
        for (String s : new String[]{"RUNNING", "STOPPING", "STOPPED"}) {
            var e = (Event.ProcessStateChange) EventParser.parse("PROCESS_STATE_" + s,
                    "processname:a groupname:g from_state:STARTING pid:5");
            assertEquals(ProcessState.valueOf(s), e.state());
            assertEquals(5, e.pid());
            assertFalse(e.isCrash());
        }
        for (String s : new String[]{"FATAL", "UNKNOWN"}) {
            var e = (Event.ProcessStateChange) EventParser.parse("PROCESS_STATE_" + s,
                    "processname:a groupname:g from_state:BACKOFF");
            assertEquals(ProcessState.valueOf(s), e.state());
        }
    }

    @Test
    void ticks() throws Exception {
        for (String t : new String[]{"TICK_5", "TICK_60", "TICK_3600"}) {
            var tick = (Event.Tick) EventParser.parse(t, "when:1700000060");
            assertEquals(1700000060L, tick.when());
            assertEquals(Integer.parseInt(t.substring(5)), tick.periodSeconds());
            assertEquals(java.time.Duration.ofSeconds(Integer.parseInt(t.substring(5))), tick.period());
        }
        assertEquals(java.time.Duration.ofHours(1), Event.Tick.period("TICK_3600"));
        assertEquals(null, Event.Tick.period("TICK_10"), "no such tick");
        assertEquals(null, Event.Tick.period("PROCESS_STATE_EXITED"));
    }

    @Test
    void logAndCommunicationEventsKeepTheirData() throws Exception {
        var log = (Event.ProcessLog) EventParser.parse("PROCESS_LOG_STDERR",
                "processname:w groupname:w pid:9 channel:stderr\nTraceback: 错误\nsecond line");
        assertEquals("stderr", log.channel());
        assertEquals("Traceback: 错误\nsecond line", log.data());
        var comm = (Event.ProcessCommunication) EventParser.parse("PROCESS_COMMUNICATION_STDOUT",
                "processname:w groupname:w pid:9\n<data>");
        assertEquals("<data>", comm.data());
        var report = (Event.ProcessCommunication) EventParser.parse("PROCESS_COMMUNICATION_STDERR",
                "processname:backup groupname:jobs pid:9\nfailure 备份失败：磁盘已满\n第二行");
        assertEquals("jobs:backup", report.process().namespec());
        assertEquals("failure 备份失败：磁盘已满\n第二行", report.data(), "a job's report, its message in several lines");
        var remote = (Event.RemoteCommunication) EventParser.parse("REMOTE_COMMUNICATION", "type:ping\nhello");
        assertEquals("ping", remote.type());
        assertEquals("hello", remote.data());
    }

    @Test
    void groupAndSupervisorEvents() throws Exception {
        var added = (Event.ProcessGroupChange) EventParser.parse("PROCESS_GROUP_ADDED", "groupname:web\n");
        assertEquals("web", added.group());
        assertInstanceOf(Event.ProcessGroupChange.class, EventParser.parse("PROCESS_GROUP_REMOVED", "groupname:web\n"));
        assertInstanceOf(Event.SupervisorStateChange.class, EventParser.parse("SUPERVISOR_STATE_CHANGE_RUNNING", ""));
        assertInstanceOf(Event.SupervisorStateChange.class, EventParser.parse("SUPERVISOR_STATE_CHANGE_STOPPING", ""));
    }

    @Test
    void unknownEventNamesAreKept() throws Exception {
        var e = (Event.Unknown) EventParser.parse("SOMETHING_NEW", "a:b\nc");
        assertEquals("SOMETHING_NEW", e.name());
        assertEquals("a:b\nc", e.payload());
        assertInstanceOf(Event.Unknown.class, EventParser.parse("PROCESS_STATE_WEIRD", "x:y"));
    }

    @Test
    void malformedPayloadsAreReported() {
        assertThrows(MalformedPayloadException.class, () -> EventParser.parse("PROCESS_STATE_EXITED", "garbage"));
        assertThrows(MalformedPayloadException.class,
                () -> EventParser.parse("PROCESS_STATE_EXITED", "processname:a groupname:a from_state:RUNNING pid:1"));
        assertThrows(MalformedPayloadException.class,
                () -> EventParser.parse("PROCESS_STATE_EXITED", "processname:a groupname:a from_state:RUNNING expected:x pid:1"));
        assertThrows(MalformedPayloadException.class, () -> EventParser.parse("TICK_60", "when:soon"));
        assertThrows(MalformedPayloadException.class,
                () -> EventParser.parse("PROCESS_STATE_RUNNING", "processname:a groupname:a from_state:STARTING pid:abc"));
    }
}
