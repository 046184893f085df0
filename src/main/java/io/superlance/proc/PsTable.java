package io.superlance.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where there is no {@code /proc}: one {@code ps -A} for all processes (RSS in KiB). */
final class PsTable implements ProcessTable {
    private final List<String> command;

    PsTable() {
        this(List.of("ps", "-A", "-o", "pid=", "-o", "ppid=", "-o", "rss="));
    }

    PsTable(List<String> command) {
        this.command = command;
    }

    @Override
    public ProcessTree read() throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running ps", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with status " + p.exitValue());
        }
        return parse(out);
    }

    static ProcessTree parse(String psOutput) {
        List<ProcessTree.Entry> entries = new ArrayList<>();
        for (String line : psOutput.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 3) {
                continue;
            }
            try {
                entries.add(new ProcessTree.Entry(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]) * 1024));
            } catch (NumberFormatException e) {
                // a header or a garbled line
            }
        }
        return ProcessTree.of(entries);
    }
}
