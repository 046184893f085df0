package io.superlance.alert.standin;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.feishu.FeishuChannel;
import io.superlance.alert.feishu.FeishuSigner;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeishuStandInTest {
    private final VirtualClock clock = new VirtualClock();
    private FeishuStandIn bot;

    @AfterEach
    void stop() throws Exception {
        bot.close();
    }

    private long code(String json) throws Exception {
        return Raw.post(bot.hookUrl(), json).json().path("code").asLong();
    }

    private static String card(String colour, String md) {
        return "{\"msg_type\":\"interactive\",\"card\":{\"header\":{\"title\":{\"tag\":\"plain_text\",\"content\":\"t\"},\"template\":\""
                + colour + "\"},\"elements\":[{\"tag\":\"markdown\",\"content\":" + Raw.str(md) + "}]}}";
    }

    @Test
    void aCardShowsItsHeaderColourLinksAndMentions() throws Exception {
        bot = (FeishuStandIn) new FeishuStandIn(clock, "hook1", null).start();
        assertEquals(0, code(card("green", "ok [x](http://evil.example) <at id=all></at> <font color='red'>r</font>")));
        assertEquals(List.of(new Element("header", "green"), new Element("link", "http://evil.example"),
                new Element("colour", "red"), new Element("mention", "all")), bot.accepted().get(0).elements());
        assertEquals(0, code("{\"msg_type\":\"text\",\"content\":{\"text\":\"<at user_id=\\\"all\\\">everyone</at>\"}}"));
        assertTrue(bot.accepted().get(1).has("mention"));
    }

    @Test
    void refusesABodyOver20KbBadBytesAndALoneSurrogate() throws Exception {
        bot = (FeishuStandIn) new FeishuStandIn(clock, "hook1", null).start();
        String small = card("red", "");
        assertEquals(0, code(card("red", "x".repeat(FeishuStandIn.MAX_BODY_BYTES - small.length()))));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(9499, code(card("red", "x".repeat(FeishuStandIn.MAX_BODY_BYTES - small.length() + 1))));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(9499, code(card("red", "half \\ud83d")));
        assertEquals(9499, Raw.post(bot.hookUrl(), Raw.notUtf8(card("red", "a").substring(0, 90), "\"}]}}")).json().path("code").asLong());
        assertEquals(19001, Raw.post(bot.url("/open-apis/bot/v2/hook/other"), card("red", "a")).json().path("code").asLong());
        assertEquals(1, bot.accepted().size());
    }

    @Test
    void fiveASecondAndAHundredAMinute_then11232() throws Exception {
        bot = (FeishuStandIn) new FeishuStandIn(clock, "hook1", null).start();
        for (int i = 0; i < 5; i++) {
            assertEquals(0, code(card("red", "m")));
        }
        assertEquals(11232, code(card("red", "6th in a second")));
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 95; i++) {
            clock.advance(Duration.ofMillis(600));
            assertEquals(0, code(card("red", "m" + i)), "message " + i);
        }
        clock.advance(Duration.ofMillis(600));
        assertEquals(11232, code(card("red", "101st in a minute")));
    }

    @Test
    void aSignedBotTakesTheChannelsSignature_andRefusesAWrongOne() throws Exception {
        bot = (FeishuStandIn) new FeishuStandIn(clock, "hook1", "s3cret").start();
        long ts = clock.millis() / 1000;
        assertEquals(19021, code("{\"timestamp\":\"" + ts + "\",\"sign\":\"AAAA\",\"msg_type\":\"text\",\"content\":{\"text\":\"a\"}}"));
        assertEquals(0, code("{\"timestamp\":\"" + ts + "\",\"sign\":\"" + bot.signature(ts) + "\",\"msg_type\":\"text\",\"content\":{\"text\":\"a\"}}"));
        clock.advance(Duration.ofMillis(System.currentTimeMillis() - clock.millis())); // the channel signs with the wall clock
        new FeishuChannel(bot.hookUrl(), new FeishuSigner("s3cret"), FeishuChannel.Format.CARD, "web1",
                new HttpPoster(Duration.ofSeconds(5)), ZoneOffset.UTC)
                .send(Alert.of("crashmail", AlertKind.PROCESS_CRASHED, clock.instant()).subject("web crashed").build());
        assertEquals(2, bot.accepted().size(), bot.refused().toString());
    }
}
