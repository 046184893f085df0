package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlackStandInTest {
    private final VirtualClock clock = new VirtualClock();
    private SlackStandIn hook;

    @BeforeEach
    void start() throws Exception {
        hook = (SlackStandIn) new SlackStandIn(clock, "/services/T0/B0/XYZ").start();
    }

    @AfterEach
    void stop() throws Exception {
        hook.close();
    }

    private Raw.Reply post(String text) throws Exception {
        return Raw.post(hook.webhookUrl(), "{\"text\":" + Raw.str(text) + "}");
    }

    @Test
    void fortyThousandCharactersOfText_countedInCharactersNotBytes() throws Exception {
        assertEquals(200, post("😀".repeat(40_000)).status());
        clock.advance(Duration.ofSeconds(2));
        Raw.Reply r = post("a".repeat(40_001));
        assertEquals(400, r.status());
        assertEquals("msg_too_long", r.body());
    }

    @Test
    void aSectionOver3000Characters_isInvalidBlocks() throws Exception {
        String block = "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":" + Raw.str("b".repeat(3001)) + "}}]}";
        Raw.Reply r = Raw.post(hook.webhookUrl(), block);
        assertEquals(400, r.status());
        assertEquals("invalid_blocks", r.body());
    }

    @Test
    void refusesBadBytesALoneSurrogateNoTextAndAnUnknownPath() throws Exception {
        assertEquals("invalid_payload", Raw.post(hook.webhookUrl(), Raw.notUtf8("{\"text\":\"a", "\"}")).body());
        assertEquals("invalid_payload", post("half \\ud83d").body());
        assertEquals("no_text", Raw.post(hook.webhookUrl(), "{\"text\":\"\"}").body());
        assertEquals(404, Raw.post(hook.url("/services/T0/B0/other"), "{\"text\":\"a\"}").status());
        assertEquals(0, hook.accepted().size());
    }

    @Test
    void showsLinksAndMentions_butNotEscapedOnes() throws Exception {
        assertEquals(200, post("<http://evil.example|click> <!channel> <@U123> &lt;!here&gt; a &lt; b").status());
        assertEquals(List.of(new Element("link", "http://evil.example"), new Element("mention", "!channel"),
                new Element("mention", "@U123")), hook.accepted().get(0).elements());
    }

    @Test
    void aBurstOverTenInTenSecondsGets429WithRetryAfter() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertEquals(200, post("m" + i).status());
        }
        Raw.Reply r = post("11th");
        assertEquals(429, r.status());
        assertEquals("10", r.retryAfter());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(200, post("later").status());
    }
}
