package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelegramStandInTest {
    private final VirtualClock clock = new VirtualClock();
    private TelegramStandIn bot;

    @BeforeEach
    void start() throws Exception {
        bot = (TelegramStandIn) new TelegramStandIn(clock, "123:ABC", "-1001").start();
    }

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    private Raw.Reply send(String html) throws Exception {
        return Raw.post(bot.url("/bot123:ABC/sendMessage"), "{\"chat_id\":\"-1001\",\"parse_mode\":\"HTML\",\"text\":" + Raw.str(html) + "}");
    }

    private String refusal(String html) throws Exception {
        Raw.Reply r = send(html);
        assertEquals(400, r.status(), html);
        assertEquals(false, r.json().path("ok").asBoolean());
        return r.json().path("description").asText();
    }

    @Test
    void aLoneSurrogateEscapeIsNotUtf8_aPairIs() throws Exception {
        assertEquals("Bad Request: strings must be encoded in UTF-8", refusal("5000 emoji cut \\ud83d"));
        assertEquals("Bad Request: strings must be encoded in UTF-8", refusal("\\ude00 low alone"));
        assertEquals(200, send("a pair \\ud83d\\ude00").status());
        Raw.Reply bytes = Raw.post(bot.url("/bot123:ABC/sendMessage"), Raw.notUtf8("{\"chat_id\":\"-1001\",\"text\":\"a", "\"}"));
        assertEquals("Bad Request: strings must be encoded in UTF-8", bytes.json().path("description").asText());
    }

    @Test
    void htmlOnlyItsTagsBalancedAndEscaped() throws Exception {
        assertTrue(refusal("load <b>high</b> < 5?").startsWith("Bad Request: can't parse entities: "));
        assertTrue(refusal("<font color=red>x</font>").contains("Unsupported start tag \"font\""));
        assertTrue(refusal("<b>open").contains("Can't find end tag corresponding to start tag \"b\""));
        assertTrue(refusal("<b><i>x</b></i>").contains("Can't find end tag"));
        assertTrue(refusal("a & b").contains("'&'"));
        assertTrue(refusal("a &nbsp; b").contains("'&'"));
        assertTrue(refusal("<a>no href</a>").contains("href"));
        assertEquals(200, send("<b>web</b> &lt;5 &amp; &quot;x&quot; &#128512; &#x1F600;\n<pre>tail</pre> <a href=\"http://x.example\">x</a>").status());
        assertEquals("web <5 & \"x\" \uD83D\uDE00 \uD83D\uDE00\ntail x", bot.accepted().get(0).text());
        assertEquals(List.of(new Element("format", "b"), new Element("format", "pre"), new Element("link", "http://x.example")),
                bot.accepted().get(0).elements());
    }

    @Test
    void fourThousandNinetySixCharactersAfterEntitiesAreParsed() throws Exception {
        assertEquals(200, send("<b>" + "&amp;".repeat(4096) + "</b>").status(), "entities count as what they stand for");
        clock.advance(Duration.ofSeconds(3));
        assertEquals("Bad Request: message is too long", refusal("x".repeat(4097)));
        assertEquals("Bad Request: message is too long", refusal("\uD83D\uDE00".repeat(2049)), "an emoji is two UTF-16 units");
    }

    @Test
    void twentyMessagesAMinuteToAGroup_then429WithRetryAfter() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(200, send("m" + i).status());
            clock.advance(Duration.ofSeconds(1));
        }
        Raw.Reply r = send("21st");
        assertEquals(429, r.status());
        assertEquals(40, r.json().path("parameters").path("retry_after").asLong());
        clock.advance(Duration.ofSeconds(40));
        assertEquals(200, send("later").status());
    }

    @Test
    void aWrongTokenOrChatIsRefused() throws Exception {
        assertEquals(401, Raw.post(bot.url("/bot999:X/sendMessage"), "{\"chat_id\":\"-1001\",\"text\":\"a\"}").status());
        Raw.Reply r = Raw.post(bot.url("/bot123:ABC/sendMessage"), "{\"chat_id\":\"-42\",\"text\":\"a\"}");
        assertEquals("Bad Request: chat not found", r.json().path("description").asText());
        assertEquals(0, bot.accepted().size());
    }
}
