package io.superlance.listener;

import io.superlance.rpc.LogTail;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutputTailsTest {
    @Test
    void theLastLinesAreKept_theFirstOneCutByTheReadIsLeftOut() {
        assertEquals("b\nc", OutputTails.lastLines(new LogTail("half of a\nb\nc\n", 900, true), 5));
        assertEquals("c\nd", OutputTails.lastLines(new LogTail("a\nb\nc\r\nd", 900, false), 2));
        assertEquals("whole a\nb", OutputTails.lastLines(new LogTail("whole a\nb\n", 10, false), 5),
                "a read from the start of the log has no cut line");
        assertEquals("only a part of a long line", OutputTails.lastLines(new LogTail("only a part of a long line", 9000, true), 3));
    }

    @Test
    void aVeryLongLineIsCut() {
        String shown = OutputTails.lastLines(new LogTail("x".repeat(2000) + "\n", 2001, false), 1);
        assertEquals(OutputTails.MAX_LINE_CHARS, shown.length());
        assertEquals('…', shown.charAt(shown.length() - 1));
    }
}
