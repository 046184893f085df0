package io.superlance.alert.chat;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Facts;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.Template;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatCardTest {
    /** An httpok alert on a Flume agent's JSON metrics, with the facts its check named. */
    static Alert flume() {
        return Alert.of("httpok", AlertKind.HTTP_BAD_METRIC, TestAlerts.TIME)
                .subject("flume: ChannelFillPercentage 95.0 over 80")
                .body("GET http://localhost:41414/metrics: CHANNEL.ch-1.ChannelFillPercentage is 95.0, not <=80")
                .process(new ProcessId("flume", "flume")).state("RUNNING")
                .fact(Facts.HOST, "flume-3").fact(Facts.URL, "http://localhost:41414/metrics")
                .fact(Facts.CHECK, "CHANNEL.ch-1.ChannelFillPercentage<=80").fact("channel", "ch-1")
                .fact("ChannelSize", "9500").fact("ChannelFillPercentage", "95.0").fact(Facts.THRESHOLD, "<=80")
                .build();
    }

    @Test
    void aFlumeAlertShowsHostChannelSizeAndFillAtAGlance() {
        assertEquals("flume-3: flume: ChannelFillPercentage 95.0 over 80", ChatCard.title(List.of(flume()), "web1"));
        String text = ChatCard.text(List.of(flume()), "web1", ZoneOffset.UTC, ChatCard.MARKDOWN);
        List<String> lines = text.lines().toList();
        assertEquals("**host**: flume-3", lines.get(0), "the host the alert is about comes first");
        assertTrue(lines.contains("**channel**: ch-1"), text);
        assertTrue(lines.contains("**ChannelSize**: 9500"), text);
        assertTrue(lines.contains("**ChannelFillPercentage**: 95.0"), text);
        assertTrue(lines.contains("**threshold**: <=80"), text);
        assertTrue(lines.contains("**time**: 2026-11-21 05:00:00,123"), text);
        assertTrue(text.endsWith("> GET http://localhost:41414/metrics: CHANNEL.ch-1.ChannelFillPercentage is 95.0, not <=80"), text);
    }

    @Test
    void aResolutionSaysResolvedFirst_andHowLongItLasted() {
        Alert over = Alert.of("httpok", AlertKind.HTTP_BAD_METRIC, TestAlerts.TIME).subject("flume: ok again")
                .body("status contacting http://localhost:41414/metrics: 200 OK").fact(Facts.DURATION, "2m30s")
                .resolved(true).build();
        assertEquals("web1: RESOLVED: flume: ok again", ChatCard.title(List.of(over), "web1"));
        String text = ChatCard.text(List.of(over), "web1", ZoneOffset.UTC, ChatCard.MARKDOWN);
        assertTrue(text.lines().toList().contains("**duration**: 2m30s"), text);
    }

    @Test
    void aCrashShowsThisHostAndTheProgram_andLogLinesAreQuotedNotTheBody() {
        String text = ChatCard.text(List.of(TestAlerts.crash("web", "web-1", 4321)), "web1", ZoneOffset.UTC, ChatCard.MARKDOWN);
        assertTrue(text.startsWith("**host**: web1\n**monitor**: crashmail\n**program**: web-1\n**group**: web\n**pid**: 4321\n"
                + "**state**: EXITED\n"), text);

        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            many.append("ERROR line ").append(i).append('\n');
        }
        Alert logmon = Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("3 lines").body("the body")
                .fact(Facts.LINES, many.toString()).fact(Facts.COUNT, 20).build();
        String quoted = ChatCard.text(List.of(logmon), "web1", ZoneOffset.UTC, ChatCard.MARKDOWN);
        assertTrue(quoted.contains("> ERROR line 8\n> … 12 more lines; the listener's log has them all"), quoted);
        assertFalse(quoted.contains("the body"), quoted);
        assertFalse(quoted.contains("**lines**"), "quoted, not a field: " + quoted);
    }

    @Test
    void severalAlertsAreOneMessage_andAStormIsCounted() {
        List<Alert> storm = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            storm.add(TestAlerts.crash("g", "p" + i, i));
        }
        assertEquals("25 alerts on web1", ChatCard.title(storm, "web1"));
        String text = ChatCard.text(storm, "web1", ZoneOffset.UTC, ChatCard.MARKDOWN);
        assertTrue(text.startsWith("**p0 crashed at 2026-11-21 05:00:00,123**\n**host**: web1"), text);
        assertTrue(text.contains("p9 crashed") && !text.contains("p10 crashed"), text);
        assertTrue(text.endsWith("… and 15 more alerts not shown; the listener's log has them all"), text);
    }

    @Test
    void cutKeepsWholeCharactersWithinTheByteLimit() {
        String s = "告警".repeat(2000);
        String cut = ChatCard.cut(s, 4096);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 4096);
        assertTrue(cut.endsWith("告\n...") || cut.endsWith("警\n..."), cut.substring(cut.length() - 6));
        assertEquals("short", ChatCard.cut("short", 4096));
    }

    @Test
    void aTemplateRendersEachFoldedAlert_aChecksFactsByName_valuesEscaped() {
        Template t = Template.parse("{subject}: {fact.ChannelSize} ({fact.nope}) {url}");
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < ChatCard.MAX_SHOWN + 2; i++) {
            alerts.add(flume());
        }
        String text = ChatCard.text(alerts, "web1", ZoneOffset.UTC, ChatCard.PLAIN, t);
        List<String> lines = text.lines().filter(l -> !l.isEmpty()).toList();
        assertEquals(ChatCard.MAX_SHOWN + 1, lines.size(), text);
        assertEquals("flume: ChannelFillPercentage 95.0 over 80: 9500 () http://localhost:41414/metrics", lines.get(0));
        assertEquals("… and 2 more alerts not shown; the listener's log has them all", lines.get(ChatCard.MAX_SHOWN));
    }
}
