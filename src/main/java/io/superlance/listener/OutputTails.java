package io.superlance.listener;

import io.superlance.monitor.OutputTail;
import io.superlance.protocol.ProcessId;
import io.superlance.rpc.LogTail;
import io.superlance.rpc.RpcException;
import io.superlance.rpc.SupervisorClient;

import java.util.Arrays;
import java.util.List;

/**
 * Reads a program's last output lines for {@code --tail} from supervisord's log of it
 * ({@code tailProcessStderrLog} / {@code tailProcessStdoutLog}). Never throws: what cannot be read is said
 * in one line in place of the lines, so the crash alert still goes out.
 */
final class OutputTails {
    /** Bytes read per line asked for; a log line is rarely longer. */
    static final int BYTES_PER_LINE = 512;
    static final int MAX_BYTES = 64 * 1024;
    /** Characters of one line the alert shows. */
    static final int MAX_LINE_CHARS = 500;
    /** A read that begins inside a UTF-8 character fails; so many bytes fewer always begin on a character. */
    private static final int UTF8_TRIES = 4;

    private OutputTails() {
    }

    static String read(SupervisorClient rpc, ProcessId process, OutputTail tail) {
        String ns = process.namespec();
        String channel = tail.channel();
        int bytes = Math.min(MAX_BYTES, tail.lines() * BYTES_PER_LINE);
        LogTail got = null;
        RpcException failed = null;
        for (int i = 0; i < UTF8_TRIES && got == null; i++) {
            try {
                got = rpc.tailProcessLog(ns, tail.stdout(), bytes - i);
            } catch (RpcException e) {
                failed = e;
            }
        }
        if (got == null) {
            return "(could not read the " + channel + " log: " + failed.getMessage() + ")";
        }
        if (got.text().isEmpty()) {
            return got.offset() == 0 ? noLines(rpc, ns, channel) : "(the " + channel + " log is empty)";
        }
        return lastLines(got, tail.lines());
    }

    /** The last {@code n} lines of the text read; a first line cut by the read is left out when others remain. */
    static String lastLines(LogTail got, int n) {
        List<String> lines = Arrays.asList(got.text().split("\r?\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        if (got.overflow() && lines.size() > 1) {
            lines = lines.subList(1, lines.size());
        }
        lines = lines.subList(Math.max(0, lines.size() - n), lines.size());
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            String shown = l.length() <= MAX_LINE_CHARS ? l : l.substring(0, cutAt(l, MAX_LINE_CHARS - 1)) + "…";
            b.append(b.isEmpty() ? "" : "\n").append(shown.stripTrailing());
        }
        return b.isEmpty() ? "(the " + got.text().length() + " characters read hold no line)" : b.toString();
    }

    /** {@code end}, or one less so as not to split a surrogate pair: half of one is no UTF-8, and Telegram refuses it. */
    private static int cutAt(String s, int end) {
        return Character.isHighSurrogate(s.charAt(end - 1)) ? end - 1 : end;
    }

    /** supervisord answers a log it has no file for as an empty one at offset 0: say which it is. */
    private static String noLines(SupervisorClient rpc, String ns, String channel) {
        try {
            String file = rpc.processLogFile(ns, channel.equals("stdout"));
            return file.isEmpty() || file.equalsIgnoreCase("none")
                    ? "(no " + channel + " log file: " + channel + "_logfile is NONE"
                    + (channel.equals("stderr") ? " or redirect_stderr is set)" : ")")
                    : "(the " + channel + " log " + file + " is empty)";
        } catch (RpcException e) {
            return "(the " + channel + " log is empty or missing)";
        }
    }
}
