package io.superlance.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Linux: {@code /proc/PID/stat} of every process, one small read each, no process forked. */
final class ProcFs implements ProcessTable {
    private static final int AT_PAGESZ = 6;

    private final Path root;
    private final long pageSize;

    ProcFs(Path root) {
        this.root = root;
        this.pageSize = pageSize(root.resolve("self/auxv"));
    }

    @Override
    public ProcessTree read() throws IOException {
        Map<Integer, ProcessTree.Entry> entries = new HashMap<>(512);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || name.charAt(0) < '1' || name.charAt(0) > '9') {
                    continue;
                }
                byte[] stat;
                try {
                    stat = Files.readAllBytes(p.resolve("stat"));
                } catch (IOException gone) {
                    continue; // exited between the listing and the read
                }
                ProcessTree.Entry e = parseStat(stat, pageSize);
                if (e != null) {
                    entries.put(e.pid(), e);
                }
            }
        }
        return new ProcessTree(entries);
    }

    /**
     * {@code pid (comm) state ppid ... rss ...}: comm may hold spaces and parentheses, so fields are
     * counted from the last ')'. After it, field 0 is state, 1 ppid, 21 rss (in pages).
     */
    static ProcessTree.Entry parseStat(byte[] stat, long pageSize) {
        String s = new String(stat, StandardCharsets.ISO_8859_1);
        int open = s.indexOf(' ');
        int close = s.lastIndexOf(')');
        if (open <= 0 || close < 0) {
            return null;
        }
        try {
            int pid = Integer.parseInt(s.substring(0, open));
            int field = -1;
            int ppid = -1;
            long rss = -1;
            int i = close + 1;
            int n = s.length();
            while (i < n && field < 21) {
                while (i < n && s.charAt(i) == ' ') {
                    i++;
                }
                int start = i;
                while (i < n && s.charAt(i) != ' ' && s.charAt(i) != '\n') {
                    i++;
                }
                field++;
                if (field == 1) {
                    ppid = Integer.parseInt(s, start, i, 10);
                } else if (field == 21) {
                    rss = Long.parseLong(s, start, i, 10);
                }
            }
            if (rss < 0) {
                return null;
            }
            return new ProcessTree.Entry(pid, ppid, rss * pageSize);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The kernel tells each process its page size in the auxiliary vector; 4 KiB if it cannot be read. */
    static long pageSize(Path auxv) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(auxv)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 16) {
                long type = b.getLong();
                long value = b.getLong();
                if (type == AT_PAGESZ && value > 0) {
                    return value;
                }
                if (type == 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 4096;
    }
}
