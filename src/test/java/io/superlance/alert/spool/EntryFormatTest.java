package io.superlance.alert.spool;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.ProcessId;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** An entry is written by hand in the properties format: whatever it holds, Properties reads it back as it was. */
class EntryFormatTest {
    private static final List<String> AWKWARD = List.of("", " leading and trailing spaces ", "a=b:c #d !e",
            "#at the start", "!at the start", "ends with a backslash\\", "\\u0041 is not an escape here",
            "line one\nline two\r\nthree\ttabbed\fform fed", "备份失败：磁盘已满 (/data) ✓ 🚀", "key = value : more");

    @Test
    void everyTextComesBackAsItWasAndTheFileIsAPropertiesFile() throws Exception {
        for (String text : AWKWARD) {
            Alert alert = Alert.of("crashmail " + text, AlertKind.PROCESS_CRASHED, Instant.parse("2026-12-07T08:02:25.553123456Z"))
                    .subject(text).body(text + "\n" + text).process(new ProcessId("grp " + text, text)).pid(42)
                    .state("EXITED").incident("web " + text).fact("tail " + text, text).fact("n", 3).build();
            String channel = text.replaceAll("[\\r\\n]", " "); // a channel's name is one line
            Set<String> done = new LinkedHashSet<>(List.of("smtp 127.0.0.1:25", "webhook " + channel));
            SpoolEntry entry = new SpoolEntry(7, alert, Instant.parse("2026-12-07T09:00:00Z"), done);
            entry.allTries().put("dingtalk " + channel, new SpoolEntry.Tries(2, "HTTP 500: " + text, Instant.parse("2026-12-07T08:03:00.5Z")));

            byte[] bytes = EntryFormat.write(entry);
            SpoolEntry read = EntryFormat.read(bytes);

            assertEquals(alert, read.alert(), text);
            assertEquals(done, read.done(), text);
            assertEquals(entry.holdUntil(), read.holdUntil(), text);
            assertEquals(entry.allTries(), read.allTries(), text);
            Properties p = new Properties();
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            assertEquals(text, p.getProperty("subject"), "a plain properties reader sees the same");
        }
    }

    @Test
    void timesAreWrittenSoThatInstantParseGivesThemBackExactly() {
        for (String t : List.of("2026-12-07T08:02:25Z", "2026-12-07T08:02:25.553Z", "2026-01-01T00:00:00.000000001Z",
                "1999-12-31T23:59:59.999999999Z", "+12026-12-07T08:02:25Z", "0999-01-01T00:00:00Z")) {
            Instant i = Instant.parse(t);
            assertEquals(i, Instant.parse(EntryFormat.iso(i)), t);
        }
        assertEquals("2026-12-07T08:02:25.553000000Z", EntryFormat.iso(Instant.parse("2026-12-07T08:02:25.553Z")));
    }

    @Test
    void noDateLineAChangedEntryDiffersOnlyWhereItChanged() {
        Alert alert = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, Instant.parse("2026-12-07T08:02:25Z")).subject("s").body("b").build();
        String text = new String(EntryFormat.write(new SpoolEntry(1, alert, null, Set.of())), StandardCharsets.UTF_8);
        assertEquals(1, text.lines().filter(l -> l.startsWith("#")).count(), text);
        assertFalse(text.contains("UTC") || text.matches("(?s).*#\\w{3} \\w{3} .*"), text);
    }
}
