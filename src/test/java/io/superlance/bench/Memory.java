package io.superlance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory from /proc, in kB. Private_Dirty (smaps_rollup) is what a listener really adds to a
 * host: pages only it has written (heap, metaspace, stacks, malloc, relocated data); the targets are about
 * it. PSS shares each shared page out among the processes mapping it. RSS counts every page the process has mapped in, including
 * file pages (the image's libjvm.so, the class archive, the modules file) that the page cache shares with
 * every other listener on the host; Anonymous is what this process alone costs (heap, metaspace, stacks,
 * malloc). When the kernel maps file pages as 2 MB huge pages (FilePmdMapped, seen with read-only THP
 * for files) RSS grows by whole huge pages the process never touched; the harness reports it rather than
 * dropping the page cache.
 */
record Memory(long rssKb, long peakKb, long anonymousKb, long filePmdKb, long pssKb, long privateDirtyKb) {
    static Memory of(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        String rollup = Files.readString(Path.of("/proc/" + pid + "/smaps_rollup"));
        return new Memory(kb(status, "VmRSS:"), kb(status, "VmHWM:"), kb(rollup, "Anonymous:"), kb(rollup, "FilePmdMapped:"),
                kb(rollup, "Pss:"), kb(rollup, "Private_Dirty:"));
    }

    /** Several processes together (peak and FilePmdMapped summed too). */
    Memory plus(Memory o) {
        return new Memory(rssKb + o.rssKb, peakKb + o.peakKb, anonymousKb + o.anonymousKb,
                Math.max(0, filePmdKb) + Math.max(0, o.filePmdKb), pssKb + o.pssKb, privateDirtyKb + o.privateDirtyKb);
    }

    double pssMb() {
        return pssKb / 1024.0;
    }

    double privateDirtyMb() {
        return privateDirtyKb / 1024.0;
    }

    double rssMb() {
        return rssKb / 1024.0;
    }

    double peakMb() {
        return peakKb / 1024.0;
    }

    double anonymousMb() {
        return anonymousKb / 1024.0;
    }

    double filePmdMb() {
        return Math.max(0, filePmdKb) / 1024.0;
    }

    private static long kb(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(-1L);
    }
}
