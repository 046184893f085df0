package io.superlance.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTest {
    private static final Template.Escape BRACKETS = new Template.Escape() {
        @Override
        public String value(String plain) {
            return "[" + plain + "]";
        }

        @Override
        public String lines(String plain) {
            return "<<" + plain + ">>";
        }
    };

    @Test
    void placeholdersTakeTheAlertsValues_escapedByTheChannel() {
        Alert a = Alert.of("logmon", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("boom\nhere").body("b1\nb2")
                .fact(Facts.LINES, "ERROR x\nERROR y").fact(Facts.VALUE, "93.5").build();
        String out = Template.parse("告警 {host} {subject} {value} {threshold} {time}\n{lines}|{body}|{facts}")
                .render(a, "web1", ZoneOffset.UTC, BRACKETS, "FIELDS");
        assertEquals("告警 [web1] [boom here] [93.5] [] [2026-11-21 05:00:00,123]\n<<ERROR x\nERROR y>>|<<b1\nb2>>|FIELDS", out);
    }

    @Test
    void aResolutionsSubjectSaysResolved_andDurationIsTheIncidentsLength() {
        Alert a = TestAlerts.runningAgain("web", "web", 7);
        a = Alert.of(a.source(), a.kind(), a.time()).subject(a.subject()).resolved(true).fact(Facts.DURATION, "2m30s").build();
        assertEquals("RESOLVED: web running again after 2m30s",
                Template.parse("{subject} after {duration}").render(a, "h", null, Template.PLAIN, ""));
    }

    @Test
    void unknownPlaceholdersAreNamed_otherBracesAreText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Template.parse("{subjet} {hots} {host}"));
        assertTrue(e.getMessage().startsWith("unknown placeholders {hots}, {subjet}; known: "), e.getMessage());
        assertEquals("{ \"a\": 1 } {}", Template.parse("{ \"a\": 1 } {}").render(TestAlerts.crash("g", "p", 1), "h", null,
                Template.PLAIN, ""));
    }

    @Test
    void plainFactsAreOneLineEach_hostFirstTimeLast(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.txt");
        Files.writeString(file, "{facts}\n\n");
        String out = Template.read(file).render(TestAlerts.crash("g", "p", 4), "web1", ZoneOffset.UTC, Template.PLAIN,
                Template.plainFacts(TestAlerts.crash("g", "p", 4), "web1", ZoneOffset.UTC));
        assertEquals("host: web1\nmonitor: crashmail\nprogram: p\ngroup: g\npid: 4\nstate: EXITED\ntime: 2026-11-21 05:00:00,123", out);
    }
}
