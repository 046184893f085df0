package io.superlance.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcFsTest {
    static byte[] stat(int pid, String comm, int ppid, long rssPages) {
        return (pid + " (" + comm + ") S " + ppid + " 1 1 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 12345 10000000 "
                + rssPages + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesPpidAndRss_evenWithSpacesAndParenthesesInTheName() {
        ProcessTree.Entry e = ProcFs.parseStat(stat(42, "my (odd) name", 7, 25), 4096);
        assertEquals(new ProcessTree.Entry(42, 7, 25 * 4096), e);
        assertNull(ProcFs.parseStat("garbage".getBytes(), 4096));
        assertNull(ProcFs.parseStat("1 (x) S 0".getBytes(), 4096));
    }

    @Test
    void readsEveryNumericDirectoryOfAProcTree(@TempDir Path root) throws Exception {
        for (int[] p : new int[][]{{1, 0, 10}, {100, 1, 20}, {101, 100, 30}}) {
            Path d = Files.createDirectories(root.resolve(Integer.toString(p[0])));
            Files.write(d.resolve("stat"), stat(p[0], "p" + p[0], p[1], p[2]));
        }
        Files.createDirectories(root.resolve("self"));
        Files.createDirectories(root.resolve("sys"));
        Files.createDirectories(root.resolve("999")); // exited: no stat any more
        ByteBuffer auxv = ByteBuffer.allocate(48).order(ByteOrder.nativeOrder());
        auxv.putLong(16).putLong(0x1234).putLong(6).putLong(16384).putLong(0).putLong(0);
        Files.write(root.resolve("self/auxv"), auxv.array());

        ProcessTree tree = new ProcFs(root).read();
        assertEquals(3, tree.size());
        assertEquals(20 * 16384, tree.rss(100));
        assertEquals(50 * 16384, tree.treeRss(100));
        assertEquals(-1, tree.rss(999));
    }

    @Test
    void pageSizeFallsBackTo4KiB(@TempDir Path dir) {
        assertEquals(4096, ProcFs.pageSize(dir.resolve("missing")));
    }

    @Test
    void theRealProcShowsThisProcessWithItsMemory() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")));
        ProcessTree tree = ProcessTable.system().read();
        long self = ProcessHandle.current().pid();
        assertTrue(tree.rss((int) self) > 10L * 1024 * 1024, "a JVM uses more than 10 MB");
        assertTrue(tree.treeRss(1) >= tree.rss((int) self));
        assertTrue(tree.size() > 1);
    }

    @Test
    void psOutputIsParsedInKiB() {
        ProcessTree tree = PsTable.parse("  PID  PPID   RSS\n    1     0  1000\n  200     1  2048\n  201   200    10\nbad line\n");
        assertEquals(2048 * 1024, tree.rss(200));
        assertEquals(2058 * 1024, tree.treeRss(200));
        assertEquals(-1, tree.treeRss(4));
    }

    @Test
    void psFallbackRunsPsOnce() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ps")) || Files.isExecutable(Path.of("/bin/ps")));
        ProcessTree tree = new PsTable().read();
        assertTrue(tree.rss((int) ProcessHandle.current().pid()) > 0);
    }

    @Test
    void treeRssSumsDescendantsOnly() {
        ProcessTree t = ProcessTree.of(List.of(new ProcessTree.Entry(1, 0, 1), new ProcessTree.Entry(2, 1, 10),
                new ProcessTree.Entry(3, 2, 100), new ProcessTree.Entry(4, 1, 1000), new ProcessTree.Entry(5, 3, 10000)));
        assertEquals(10110, t.treeRss(2));
        assertEquals(11111, t.treeRss(1));
        assertEquals(1000, t.treeRss(4));
    }
}
