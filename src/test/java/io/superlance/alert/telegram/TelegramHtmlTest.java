package io.superlance.alert.telegram;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelegramHtmlTest {
    @Test
    void whatTelegramParses() {
        assertNull(TelegramHtml.problem("<b>x</b> <a href=\"https://e.example/?a=1&amp;b=2\">l</a> <pre>1 &lt; 2 &#128512;</pre> 3 > 2"));
        assertNull(TelegramHtml.problem("<span class=\"tg-spoiler\">s</span><tg-spoiler>t</tg-spoiler><blockquote>q</blockquote>"));
    }

    @Test
    void whatTelegramRefuses_named() {
        assertEquals("a bare '<' (write &lt;)", TelegramHtml.problem("load < 5?"));
        assertEquals("a bare '&' (write &amp;)", TelegramHtml.problem("R&D"));
        assertTrue(TelegramHtml.problem("<font color=red>x</font>").startsWith("<font>, a tag Telegram does not know"));
        assertEquals("<b> is never closed", TelegramHtml.problem("<b>x"));
        assertEquals("</b> closes <i>", TelegramHtml.problem("<b><i>x</b></i>"));
        assertEquals("</b> closes no open tag", TelegramHtml.problem("x</b>"));
    }

    @Test
    void lengthIsCountedAfterEntityParsing_inUtf16Units() {
        assertEquals(5, TelegramHtml.length("<b>a&lt;b</b> &amp;"));
        assertEquals(2, TelegramHtml.length("\uD83D\uDE00"));
    }
}
