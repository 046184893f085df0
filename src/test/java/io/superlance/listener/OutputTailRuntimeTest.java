package io.superlance.listener;

import io.superlance.alert.Alert;
import io.superlance.alert.Facts;
import io.superlance.monitor.CrashMailMonitor;
import io.superlance.monitor.OutputTail;
import io.superlance.monitor.ProgramSelector;
import io.superlance.protocol.Event;
import io.superlance.protocol.ProcessId;
import io.superlance.protocol.ProcessState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime reads a crashed program's last output (I/O) for a monitor with --tail and hands it in. */
class OutputTailRuntimeTest {
    static Event crash(String name, boolean expected) {
        return new Event.ProcessStateChange("PROCESS_STATE_EXITED", ProcessState.EXITED, new ProcessId(name, name),
                "RUNNING", 7, null, expected);
    }

    @Test
    void theOutputIsReadForACrashOnly_andEndsInTheAlert() {
        List<String> reads = new CopyOnWriteArrayList<>();
        Operations ops = new FakeOperations() {
            @Override
            public String output(ProcessId process, OutputTail tail) {
                reads.add(process.namespec() + " " + tail.channel() + " " + tail.lines());
                return "错误: 最后一行";
            }
        };
        List<Alert> sent = new CopyOnWriteArrayList<>();
        CrashMailMonitor m = new CrashMailMonitor(ProgramSelector.all(), null, ZoneOffset.UTC, new OutputTail(3, false));
        try (MonitorRuntime r = new MonitorRuntime(m, sent::add, null, ops, Clock.systemUTC())) {
            r.start();
            r.onEvent(crash("web", true), "1");
            r.onEvent(crash("web", false), "2");
        }
        assertEquals(List.of("web stderr 3"), reads, "read once, for the crash only");
        assertEquals(1, sent.size());
        assertEquals("错误: 最后一行", sent.get(0).fact(Facts.TAIL));
        assertTrue(sent.get(0).body().endsWith("\n\nLast 3 lines of stderr:\n错误: 最后一行"), sent.get(0).body());
    }
}
