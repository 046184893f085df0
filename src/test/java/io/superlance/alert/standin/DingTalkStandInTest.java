package io.superlance.alert.standin;

import io.superlance.alert.AlertKind;
import io.superlance.alert.Alert;
import io.superlance.alert.dingtalk.DingTalkChannel;
import io.superlance.alert.dingtalk.DingTalkSigner;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DingTalkStandInTest {
    private final VirtualClock clock = new VirtualClock();
    private DingTalkStandIn robot;

    @AfterEach
    void stop() throws Exception {
        robot.close();
    }

    private static String markdown(String text) {
        return "{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\",\"text\":" + Raw.str(text) + "},\"at\":{\"atMobiles\":[\"13800000000\"],\"isAtAll\":false}}";
    }

    private long errcode(Raw.Reply r) {
        assertEquals(200, r.status(), "DingTalk answers 200 to everything");
        return r.json().path("errcode").asLong();
    }

    @Test
    void takesAMarkdownMessageAndShowsItsLinksImagesColoursAndMentions() throws Exception {
        robot = (DingTalkStandIn) new DingTalkStandIn(clock, "tok", null).start();
        assertEquals(0, errcode(Raw.post(robot.robotUrl(), markdown("see [x](http://a.example) ![](http://i.example/p.png) <font color=red>r</font> @13800000000"))));
        List<Element> e = robot.accepted().get(0).elements();
        assertEquals(List.of(new Element("link", "http://a.example"), new Element("image", "http://i.example/p.png"),
                new Element("colour", "red"), new Element("mention", "13800000000")), e);
    }

    @Test
    void refusesContentOver20000BytesOfUtf8_notCharacters() throws Exception {
        robot = (DingTalkStandIn) new DingTalkStandIn(clock, "tok", null).start();
        String cjk = "故".repeat(6_666); // 19,998 bytes, 6,666 characters; with the title "t" 19,999
        assertEquals(0, errcode(Raw.post(robot.robotUrl(), markdown(cjk))));
        assertEquals(460101, errcode(Raw.post(robot.robotUrl(), markdown(cjk + "故"))));
        assertEquals(1, robot.accepted().size());
    }

    @Test
    void refusesWhatIsNotUtf8_orALoneSurrogate_orNotItsShape() throws Exception {
        robot = (DingTalkStandIn) new DingTalkStandIn(clock, "tok", null).start();
        assertEquals(40035, errcode(Raw.post(robot.robotUrl(), Raw.notUtf8(markdown("a").substring(0, 50), "\"}}"))));
        assertEquals(40035, errcode(Raw.post(robot.robotUrl(), markdown("cut \\ud83d here"))));
        assertEquals(40035, errcode(Raw.post(robot.robotUrl(), "{\"msgtype\":\"markdown\",\"markdown\":{\"text\":\"no title\"}}")));
        assertEquals(300001, errcode(Raw.post(robot.url("/robot/send?access_token=other"), markdown("a"))));
        assertEquals(0, errcode(Raw.post(robot.robotUrl(), markdown("a pair \\ud83d\\ude00 is one character"))));
        assertEquals("a pair \uD83D\uDE00 is one character", robot.accepted().get(0).text());
    }

    @Test
    void the21stMessageInAMinuteBlocksTheRobotForTenMinutes() throws Exception {
        robot = (DingTalkStandIn) new DingTalkStandIn(clock, "tok", null).start();
        for (int i = 0; i < 20; i++) {
            assertEquals(0, errcode(Raw.post(robot.robotUrl(), markdown("m" + i))));
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(130101, errcode(Raw.post(robot.robotUrl(), markdown("21st"))));
        clock.advance(Duration.ofMinutes(9));
        assertEquals(130101, errcode(Raw.post(robot.robotUrl(), markdown("still blocked"))), "blocked for 10 minutes, not 1");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(0, errcode(Raw.post(robot.robotUrl(), markdown("free again"))));
    }

    @Test
    void aSignedRobotTakesOnlyTheRightSignatureWithinAnHour() throws Exception {
        robot = (DingTalkStandIn) new DingTalkStandIn(clock, "tok", "SECsecret").start();
        long ts = clock.millis();
        String sign = URLEncoder.encode(robot.signature(ts), StandardCharsets.UTF_8);
        assertEquals(0, errcode(Raw.post(robot.robotUrl() + "&timestamp=" + ts + "&sign=" + sign, markdown("a"))));
        assertEquals(310000, errcode(Raw.post(robot.robotUrl(), markdown("unsigned"))));
        assertEquals(310000, errcode(Raw.post(robot.robotUrl() + "&timestamp=" + ts + "&sign=AAAA", markdown("wrong"))));
        clock.advance(Duration.ofMinutes(61));
        assertEquals(310000, errcode(Raw.post(robot.robotUrl() + "&timestamp=" + ts + "&sign=" + sign, markdown("stale"))));
    }

    @Test
    void theChannelsSignatureIsTheOneTheRobotChecks() throws Exception {
        robot = (DingTalkStandIn) new DingTalkStandIn(clock, "tok", "SECsecret").start();
        DingTalkChannel channel = new DingTalkChannel(robot.robotUrl(), new DingTalkSigner("SECsecret"), List.of(), false, "web1",
                new HttpPoster(Duration.ofSeconds(5)), ZoneOffset.UTC);
        clock.advance(Duration.ofMillis(System.currentTimeMillis() - clock.millis())); // the channel signs with the wall clock
        channel.send(Alert.of("crashmail", AlertKind.PROCESS_CRASHED, clock.instant()).subject("web crashed").build());
        assertEquals(1, robot.accepted().size(), robot.refused().toString());
        assertTrue(robot.accepted().get(0).text().contains("web crashed"));
    }
}
