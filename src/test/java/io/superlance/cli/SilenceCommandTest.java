package io.superlance.cli;

import io.superlance.alert.silence.Silence;
import io.superlance.alert.silence.SilenceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** superlance silence: what it stores, and every bad input as one line on stderr and exit 2. */
class SilenceCommandTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run run(String... words) {
        List<String> args = new ArrayList<>(List.of("silence"));
        args.addAll(List.of(words));
        args.add("--state-dir");
        args.add(dir.toString());
        String[] a = args.toArray(new String[0]);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), a);
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(a), out.toString(), err.toString());
    }

    private void refused(String expected, String... words) {
        Run r = run(words);
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        String[] lines = r.err().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("superlance silence "), lines[0]);
        assertTrue(lines[0].contains(expected), lines[0]);
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void addPrintsTheIdOfWhatItStored_listShowsIt_removeEndsIt() throws IOException {
        Run add = run("add", "--program", "web", "--for", "15m", "--pause-actions", "--reason", "deploy");
        assertEquals(0, add.status(), add.err());
        String id = add.out().strip();
        Silence s = new SilenceStore(dir).read().get(0);
        assertEquals(id, s.id());
        assertEquals(List.of("web"), s.programs());
        assertTrue(s.pauseActions());
        assertTrue(Duration.between(Instant.now(), s.end()).compareTo(Duration.ofMinutes(14)) > 0);
        Run list = run("list");
        assertTrue(list.out().contains(id) && list.out().contains("--program web --pause-actions") && list.out().contains("deploy"),
                list.out());
        assertTrue(run("list", "--json").out().contains("\"id\":\"" + id + "\""));
        String[] lines = list.out().split("\n");
        assertEquals(lines[0].indexOf("REASON"), lines[1].indexOf("deploy"), "columns line up:\n" + list.out());
        Run extend = run("extend", id, "1h");
        assertEquals(0, extend.status(), extend.err());
        assertEquals(0, run("remove", id).status());
        assertEquals(List.of(), new SilenceStore(dir).read());
    }

    @Test
    void untilTakesAClockTimeOrAnIsoTime() throws IOException {
        assertEquals(0, run("add", "--program", "web", "--until", "2099-01-01T00:00+00:00", "--force").status());
        assertEquals(Instant.parse("2099-01-01T00:00:00Z"), new SilenceStore(dir).read().get(0).end());
        Run hhmm = run("add", "--program", "db", "--until", "23:59");
        assertEquals(0, hhmm.status(), hhmm.err());
    }

    @Test
    void badInputIsOneLineAndExit2() {
        refused("needs an end", "add", "--program", "web");
        refused("not both", "add", "--program", "web", "--for", "5m", "--until", "23:00");
        refused("name what to silence", "add", "--for", "5m");
        refused("needs a unit", "add", "--program", "web", "--for", "20");
        refused("is not a duration", "add", "--program", "web", "--for", "soon");
        refused("no monitor (did you mean memmon? one of", "add", "--program", "web", "--monitor", "memon", "--for", "5m");
        refused("no monitor (one of", "add", "--program", "web", "--monitor", "nginx", "--for", "5m");
        refused("no alert kind", "add", "--program", "web", "--kind", "Crash", "--for", "5m");
        refused("in the past", "add", "--program", "web", "--until", "2020-01-01T00:00");
        refused("is not a time", "add", "--program", "web", "--until", "teatime");
        refused("longer than 7 days", "add", "--program", "web", "--for", "8d");
        refused("--reason", "add", "--all", "--for", "5m");
        refused("not both", "add", "--all", "--program", "web", "--for", "5m", "--reason", "x");
        refused("GROUP:NAME", "add", "--program", "web:", "--for", "5m");
        refused("longer than 0s", "add", "--program", "web", "--for", "0s");
        refused("no silence 'nope'", "remove", "nope");
        refused("no silence 'nope'", "extend", "nope", "5m");
        refused("unknown option '--programme'", "add", "--programme", "web", "--for", "5m");
    }

    @Test
    void aStateDirectoryThatDoesNotExistIsSaid() {
        dir = dir.resolve("missing");
        refused("no state directory", "add", "--program", "web", "--for", "5m");
        refused("no state directory", "list");
    }
}
