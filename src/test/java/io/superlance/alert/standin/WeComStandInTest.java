package io.superlance.alert.standin;

import io.superlance.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WeComStandInTest {
    private final VirtualClock clock = new VirtualClock();
    private WeComStandIn robot;

    @BeforeEach
    void start() throws Exception {
        robot = (WeComStandIn) new WeComStandIn(clock, "k-1").start();
    }

    @AfterEach
    void stop() throws Exception {
        robot.close();
    }

    private long errcode(String json) throws Exception {
        Raw.Reply r = Raw.post(robot.robotUrl(), json);
        assertEquals(200, r.status());
        return r.json().path("errcode").asLong();
    }

    private static String markdown(String content) {
        return "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":" + Raw.str(content) + "}}";
    }

    private static String text(String content) {
        return "{\"msgtype\":\"text\",\"text\":{\"content\":" + Raw.str(content) + ",\"mentioned_mobile_list\":[\"@all\"]}}";
    }

    @Test
    void markdownTakes4096BytesAndTextTakes2048_countedInUtf8() throws Exception {
        assertEquals(0, errcode(markdown("警".repeat(1365))));      // 4,095 bytes
        assertEquals(40058, errcode(markdown("警".repeat(1366))));  // 4,098 bytes, 1,366 characters
        assertEquals(0, errcode(text("a".repeat(2048))));
        assertEquals(40058, errcode(text("a".repeat(2049))));
        assertEquals(2, robot.accepted().size());
    }

    @Test
    void showsLinksColoursAndMentions_markdownCannotEscapeThem() throws Exception {
        assertEquals(0, errcode(markdown("[x](http://evil.example) <font color=\"warning\">w</font> <@zhangsan>")));
        assertEquals(List.of(new Element("link", "http://evil.example"), new Element("colour", "warning"),
                new Element("mention", "zhangsan")), robot.accepted().get(0).elements());
        assertEquals(0, errcode(text("down")));
        assertEquals(List.of(new Element("mention", "@all")), robot.accepted().get(1).elements());
    }

    @Test
    void refusesAWrongKeyBadBytesALoneSurrogateAndAnEmptyMessage() throws Exception {
        assertEquals(93000, Raw.post(robot.url("/cgi-bin/webhook/send?key=nope"), markdown("a")).json().path("errcode").asLong());
        assertEquals(47001, Raw.post(robot.robotUrl(), Raw.notUtf8("{\"msgtype\":\"text\",\"text\":{\"content\":\"a", "\"}}")).json().path("errcode").asLong());
        assertEquals(47001, errcode(markdown("half \\ud83d")));
        assertEquals(44004, errcode(markdown("")));
        assertEquals(0, robot.accepted().size());
    }

    @Test
    void twentyMessagesAMinute_then45009UntilTheWindowMoves() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(0, errcode(markdown("m" + i)));
        }
        assertEquals(45009, errcode(markdown("21st")));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(0, errcode(markdown("next minute")));
    }
}
