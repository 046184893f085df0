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

    /** crashmail --tail 5 after a line of 5,000 emoji: cut inside a pair, the alert held a lone surrogate Telegram refuses. */
    @Test
    void aLongLineOfEmojiIsCutBetweenCharacters() {
        String shown = OutputTails.lastLines(new LogTail("\uD83D\uDE00".repeat(640) + "\n", 9000, true), 5);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < shown.length() && Character.isLowSurrogate(shown.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(shown.charAt(i - 1)));
            assertEquals(true, paired, "lone surrogate at " + i + " of " + shown.length());
        }
        assertEquals('…', shown.charAt(shown.length() - 1));
    }
}
