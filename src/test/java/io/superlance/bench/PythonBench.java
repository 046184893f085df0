package io.superlance.bench;

import io.superlance.e2e.ListenerDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four Python superlance listeners the four-monitor process replaces (crashmail, crashmailbatch, memmon,
 * httpok, with the same options), each run through the same {@link EventMix} in the same run, one after
 * the other, and their memory added up. Python superlance comes from {@code --python-superlance DIR} (a
 * directory holding its {@code superlance} package; supervisord's Python package must be importable by
 * {@code python3}).
 */
final class PythonBench {
    private PythonBench() {
    }

    /** @param memory the four together; null when they could not be measured ({@code error} says why) */
    record Result(Memory memory, Map<String, Memory> each, String python, String error) {
    }

    /** Debian's python3, which has supervisord's package superlance imports; else whatever python3 is on PATH. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static Result run(String superlanceDir, String stub, int events, Path dir) throws InterruptedException {
        String python = python();
        if (superlanceDir == null) {
            return new Result(null, Map.of(), python, "not measured: no --python-superlance DIR given");
        }
        Map<String, List<String>> listeners = new LinkedHashMap<>();
        listeners.put("crashmail", List.of("-a", "-m", Bench.MAIL, "-s", Bench.SENDMAIL));
        listeners.put("crashmailbatch", List.of("-t", Bench.MAIL, "-f", Bench.MAIL));
        listeners.put("memmon", List.of("-a", "200MB", "-m", Bench.MAIL, "-s", Bench.SENDMAIL));
        listeners.put("httpok", List.of("-p", "web", "-m", Bench.MAIL, "-s", Bench.SENDMAIL, stub + "/health"));
        Map<String, Memory> each = new LinkedHashMap<>();
        Memory total = null;
        for (Map.Entry<String, List<String>> l : listeners.entrySet()) {
            List<String> args = new ArrayList<>(List.of("-m", "superlance." + l.getKey()));
            args.addAll(l.getValue());
            try (ListenerDriver d = ListenerDriver.command(dir, python, args).named("python-" + l.getKey())
                    .env("SUPERVISOR_SERVER_URL", stub).env("PYTHONPATH", Path.of(superlanceDir).toAbsolutePath().toString())
                    .env("PYTHONIOENCODING", "utf-8").stderr("python-" + l.getKey() + ".log").start()) {
                for (int i = 1; i <= events; i++) {
                    EventMix.Event e = EventMix.event(i);
                    d.send(e.name(), e.payload());
                }
                Thread.sleep(500);
                Memory m = Memory.of(d.pid());
                each.put(l.getKey(), m);
                total = total == null ? m : total.plus(m);
                d.closeAndWait(10);
            } catch (IOException e) {
                return new Result(null, each, python, "not measured: Python " + l.getKey() + " failed: "
                        + (e.getMessage() == null ? e : e.getMessage().lines().findFirst().orElse("")));
            }
        }
        return new Result(total, each, python, null);
    }
}
