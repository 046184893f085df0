package io.superlance.monitor;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LogLineAssemblerTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void joinsALineSplitAcrossChunks_andKeepsTheRestForLater() {
        LogLineAssembler a = new LogLineAssembler();
        assertEquals(List.of(), a.add(utf8("ERROR da"), 7));
        assertEquals(List.of("ERROR database down", "next"), a.add(utf8("tabase down\nnext\r\npart"), 7));
        assertEquals(4, a.pending());
        assertEquals(List.of("partial"), a.add(utf8("ial\n"), 7));
    }

    @Test
    void joinsAMultiByteCharacterSplitBetweenChunks_atEveryPossibleCut() {
        byte[] all = utf8("错误: 数据库😀 down\nok\n");
        for (int cut = 1; cut < all.length; cut++) {
            LogLineAssembler a = new LogLineAssembler();
            List<String> lines = new ArrayList<>(a.add(Arrays.copyOfRange(all, 0, cut), 1));
            lines.addAll(a.add(Arrays.copyOfRange(all, cut, all.length), 1));
            assertEquals(List.of("错误: 数据库😀 down", "ok"), lines, "cut at " + cut);
        }
    }

    @Test
    void readsSupervisordsUndecodableRepr_soTheHalvesOfACharacterMeetAgain() {
        // What supervisord 4 on Python 3 sends for b'\xe9\x94' + b'\x99\xe8\xaf\xaf x\n' ("错误 x\n" cut inside 错).
        LogLineAssembler a = new LogLineAssembler();
        assertEquals(List.of(), a.add(LogLineAssembler.bytes("Undecodable: b'\\xe9\\x94'"), 1));
        assertEquals(List.of("错误 x"), a.add(LogLineAssembler.bytes("Undecodable: b'\\x99\\xe8\\xaf\\xaf x\\n'"), 1));
    }

    @Test
    void reprEscapesAndQuotes() {
        assertArrayEquals(new byte[]{'a', '\'', '\\', '\t', '\n', '\r', (byte) 0xff}, LogLineAssembler.fromRepr("'a\\'\\\\\\t\\n\\r\\xff'"));
        assertArrayEquals(utf8("it's"), LogLineAssembler.fromRepr("\"it's\""));
        assertNull(LogLineAssembler.fromRepr("'unterminated"));
        assertNull(LogLineAssembler.fromRepr("'bad \\x4'"));
        // Text that only looks like the marker is taken as text.
        assertArrayEquals(utf8("Undecodable: b'错'"), LogLineAssembler.bytes("Undecodable: b'错'"));
    }

    @Test
    void aLineLongerThanTheBoundIsCutThere_neverInsideACharacter() {
        LogLineAssembler a = new LogLineAssembler();
        String longLine = "x".repeat(LogLineAssembler.MAX_LINE_BYTES - 1) + "错误" + "\n";
        List<String> lines = a.add(utf8(longLine), 1);
        assertEquals(2, lines.size());
        assertEquals("x".repeat(LogLineAssembler.MAX_LINE_BYTES - 1), lines.get(0));
        assertEquals("错误", lines.get(1));
        assertEquals(0, a.pending());
    }

    @Test
    void aNewPidFinishesThePreviousProcesssUnfinishedLine() {
        LogLineAssembler a = new LogLineAssembler();
        assertEquals(List.of(), a.add(utf8("Traceback (most recent"), 10));
        assertEquals(List.of("Traceback (most recent", "started"), a.add(utf8("started\n"), 11));
    }
}
