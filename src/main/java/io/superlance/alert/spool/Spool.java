package io.superlance.alert.spool;

import io.superlance.alert.Alert;
import io.superlance.log.Log;
import io.superlance.log.MonitorLog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The alerts not yet delivered on every channel, one file each in a directory, so a listener killed
 * with {@code kill -9} finds them again when supervisord restarts it. A new alert is written on the path
 * that acknowledges an event, so it waits for no disk: its file is created under its final name
 * ({@link AtomicFile#create}), which the listener's death cannot undo, and {@link Flusher} forces it to disk
 * just after, for a power loss. What changes later (a channel took it, an
 * attempt failed) replaces the file through a temporary name and a rename without waiting for the disk
 * ({@link AtomicFile#write(Path, byte[], boolean)}): it survives the process being killed, and a power
 * loss can at worst undo it, so that an alert is sent again. Stray temporary files are removed at the
 * next start; entries that cannot be read (a write torn by a power loss) are moved to
 * {@code unreadable/} and logged. Without a directory it keeps the same books in memory only.
 *
 * <p>An entry that cannot be written (disk full, directory removed) stays in memory and is written again
 * at the next write and every {@link #RETRY_EVERY_NANOS}; a removed directory is recreated and everything held
 * in memory written back to it. {@link WriteFault} keeps the log to one line per condition.
 *
 * <p>Not thread-safe: the delivery queue calls it under its own lock.
 */
public final class Spool implements AutoCloseable {
    private static final String SUFFIX = ".alert";
    private static final String NOT_SHOWN = "not-shown.properties";
    private static final String CHANNELS = "channels";
    /** How often writes that failed are tried again, and the directory's presence checked, while nothing else writes. */
    static final long RETRY_EVERY_NANOS = 2_000_000_000L;

    private final Path dir;
    private final int max;
    private final List<String> channels;
    private final TreeMap<Long, SpoolEntry> entries = new TreeMap<>();
    /** Counts of alerts not shown, by {@link #countKeys count key}. */
    private final Map<String, Long> notShown = new LinkedHashMap<>();
    private final Map<String, String> countKeys = new LinkedHashMap<>();
    /** Entries whose file is missing or older than they are. */
    private final Set<Long> unsaved = new TreeSet<>();
    /** Delivered entries whose file is still there: a restart would send them again. */
    private final Set<Long> undeleted = new TreeSet<>();
    /** Entries that have a file, maybe older than they are. */
    private final Set<Long> onDisk = new TreeSet<>();
    private final WriteFault fault;
    private final LongSupplier nanos;
    private final MonitorLog log;
    private FileChannel lockFile;
    private SpoolDisk disk = SpoolDisk.REAL;
    private boolean notShownUnsaved;
    /** Closed: the directory is no longer ours (another process may hold it), so nothing is written. */
    private boolean closed;
    private long lastCheck;
    private long nextSeq = 1;

    private Spool(Path dir, int max, List<String> channels, FileChannel lockFile, LongSupplier nanos, MonitorLog log) {
        this.log = log;
        this.dir = dir;
        this.max = max;
        this.channels = List.copyOf(channels);
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String c : this.channels) {
            String kind = kind(c);
            int n = seen.merge(kind, 1, Integer::sum);
            countKeys.put(c, n == 1 ? kind : kind + " #" + n);
        }
        this.lockFile = lockFile;
        this.nanos = nanos;
        this.fault = new WriteFault(String.valueOf(dir), nanos, log);
        this.lastCheck = nanos.getAsLong();
    }

    /** A spool that lives only as long as this process. */
    public static Spool inMemory(int max, List<String> channels) {
        return new Spool(null, max, channels, null, System::nanoTime, Log.of("spool")); // writes no file, says nothing
    }

    /** For tests and tools: {@link #open(Path, int, List, MonitorLog)} logging as a monitor named spool. */
    public static Spool open(Path dir, int max, List<String> channels) throws IOException {
        return open(dir, max, channels, Log.of("spool"));
    }

    /**
     * Opens (creating it if needed) and locks the spool directory, and loads what earlier runs left.
     * @param channels the keys of the configured channels: an entry all of them took is removed
     * @param log      the log of the monitor whose alerts it keeps
     * @throws IOException when the directory cannot be used, or another listener holds it
     */
    public static Spool open(Path dir, int max, List<String> channels, MonitorLog log) throws IOException {
        return open(dir, max, channels, System::nanoTime, log);
    }

    static Spool open(Path dir, int max, List<String> channels, LongSupplier nanos) throws IOException {
        return open(dir, max, channels, nanos, Log.of("spool"));
    }

    private static Spool open(Path dir, int max, List<String> channels, LongSupplier nanos, MonitorLog log) throws IOException {
        AtomicFile.privateDirectory(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
        Spool spool = new Spool(dir, max, channels, lock(dir), nanos, log);
        spool.load();
        // for superlance status, which reads the directory from outside; written only when the channels
        // changed, and not forced to disk: it is on the way to the first READY, and nothing but status reads it
        if (!channels.equals(channels(dir))) {
            try {
                AtomicFile.write(dir.resolve(CHANNELS), String.join("\n", channels).getBytes(StandardCharsets.UTF_8), false);
            } catch (IOException e) {
                // status then lists only the channels that failed: delivery does not depend on it
            }
        }
        return spool;
    }

    /**
     * The entries a spool directory holds, read without taking it, so that it never holds up its listener:
     * for {@code superlance status} while the listener runs or after it died. An entry delivered (its file
     * removed) while it is read, or not readable, is left out.
     */
    public static List<SpoolEntry> peek(Path dir) {
        List<SpoolEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : ds) {
                try {
                    out.add(EntryFormat.read(Files.readAllBytes(f)));
                } catch (IOException | IllegalArgumentException e) {
                    // gone, or being replaced: the next look shows it
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(java.util.Comparator.comparingLong(SpoolEntry::seq));
        return out;
    }

    /** The channels the spool's listener delivers to, as it last started; empty when unknown. */
    public static List<String> channels(Path dir) {
        try {
            String text = Files.readString(dir.resolve(CHANNELS));
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static FileChannel lock(Path dir) throws IOException {
        FileChannel lock = AtomicFile.openPrivate(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = lock.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            lock.close();
            throw new IOException(dir + " is in use by another listener (each listener needs its own --spool-dir)");
        }
        return lock;
    }

    /**
     * How many alerts wait in a directory this process cannot use as its spool, so that they are at
     * least reported; -1 when the directory cannot even be read.
     */
    public static int waiting(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path ignored : ds) {
                n++;
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    /** For tests: writes through {@code disk} from now on. */
    void disk(SpoolDisk disk) {
        this.disk = disk;
    }

    /** The directory, or null for an in-memory spool. */
    public Path dir() {
        return dir;
    }

    public int max() {
        return max;
    }

    public int size() {
        return entries.size();
    }

    public Collection<SpoolEntry> entries() {
        return entries.values();
    }

    /**
     * Keeps an alert until every channel took it. A write error is logged and the alert kept in memory:
     * delivery goes on, only the kill -9 safety is lost for it.
     * @return the entry, or null when the spool is full: the alert is then counted for every channel
     */
    public SpoolEntry add(Alert alert, Instant holdUntil) {
        if (entries.size() >= max) {
            for (String c : channels) {
                notShown.merge(countKey(c), 1L, Long::sum);
            }
            saveNotShown();
            return null;
        }
        SpoolEntry e = new SpoolEntry(nextSeq++, alert, holdUntil, Set.of());
        entries.put(e.seq(), e);
        write(e);
        return e;
    }

    /** Records that {@code channel} took (or gave up on) the entry; removes it when all channels have. */
    public void markDone(SpoolEntry e, String channel) {
        if (!entries.containsKey(e.seq()) || !e.done().add(channel)) {
            return;
        }
        if (e.done().containsAll(channels)) {
            entries.remove(e.seq());
            unsaved.remove(e.seq());
            if (dir != null) {
                undeleted.add(e.seq());
                save();
            }
        } else {
            write(e);
        }
    }

    /** Records a failed attempt through {@code channel}, in the entry's file, for {@code superlance status}. */
    public void failed(SpoolEntry e, String channel, SpoolEntry.Tries tries) {
        if (!entries.containsKey(e.seq()) || e.done().contains(channel)) {
            return;
        }
        e.allTries().put(channel, tries);
        write(e);
    }

    /** Alerts the full spool could not keep and {@code channel} has not yet reported. */
    public long notShown(String channel) {
        return notShown.getOrDefault(countKey(channel), 0L);
    }

    /** {@code channel} reported {@code count} alerts as not shown. */
    public void shown(String channel, long count) {
        if (count <= 0) {
            return;
        }
        long left = notShown(channel) - count;
        if (left > 0) {
            notShown.put(countKey(channel), left);
        } else {
            notShown.remove(countKey(channel));
        }
        saveNotShown();
    }

    /**
     * Tries again, at most every {@link #RETRY_EVERY_NANOS}, the writes that failed, and recreates the
     * directory if it was removed: for callers that wake up now and then while nothing is written.
     */
    public void check() {
        if (dir == null || nanos.getAsLong() - lastCheck < RETRY_EVERY_NANOS) {
            return;
        }
        if (!unsaved.isEmpty() || !undeleted.isEmpty() || notShownUnsaved || !Files.isDirectory(dir)) {
            save();
        }
        lastCheck = nanos.getAsLong();
    }

    /**
     * Makes sure every entry is on disk, as at exit: rewrites those whose file is gone, and forces to disk
     * those not yet flushed.
     * @return how many entries are on disk (0 for an in-memory spool)
     */
    public int saveAll() {
        if (dir == null) {
            return 0;
        }
        for (Long seq : entries.keySet()) {
            if (!Files.exists(file(seq))) {
                onDisk.remove(seq);
                unsaved.add(seq);
            }
        }
        save();
        disk.flushCreated();
        // an entry whose last change could not be written is still on disk, as it was before that change
        int kept = 0;
        for (Long seq : entries.keySet()) {
            kept += onDisk.contains(seq) ? 1 : 0;
        }
        return kept;
    }

    /** Alerts accepted that have no file (the disk is full, the directory was removed): a kill -9 would lose them. */
    public int inMemoryOnly() {
        if (dir == null) {
            return entries.size();
        }
        int n = 0;
        for (Long seq : entries.keySet()) {
            n += onDisk.contains(seq) ? 0 : 1;
        }
        return n;
    }

    /** Why the last write failed, while writes fail; else null. */
    public String writeFault() {
        return fault.condition();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (lockFile != null) {
            lockFile.close();
        }
    }

    private void load() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(files::add);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.startsWith(AtomicFile.TMP_PREFIX)) {
                Files.deleteIfExists(f); // a write that a crash cut short: never renamed, never counted
            } else if (name.equals(NOT_SHOWN)) {
                loadNotShown(f);
            } else if (name.endsWith(SUFFIX)) {
                loadEntry(f);
            }
        }
        for (SpoolEntry e : List.copyOf(entries.values())) {
            if (e.done().containsAll(channels)) {
                entries.remove(e.seq());
                Files.deleteIfExists(file(e.seq()));
            }
        }
        nextSeq = entries.isEmpty() ? 1 : entries.lastKey() + 1;
        if (!entries.isEmpty()) {
            log.info(entries.size() + " alert(s) left in the spool " + dir + " by an earlier run: delivering them");
        }
    }

    private void loadEntry(Path f) throws IOException {
        try {
            SpoolEntry e = EntryFormat.read(Files.readAllBytes(f));
            if (!f.equals(file(e.seq())) || entries.containsKey(e.seq())) {
                throw new IllegalArgumentException("its name does not match its sequence number " + e.seq());
            }
            entries.put(e.seq(), e);
            onDisk.add(e.seq());
        } catch (IllegalArgumentException | IOException ex) {
            Path aside = dir.resolve("unreadable");
            AtomicFile.privateDirectory(aside);
            Path to = aside.resolve(f.getFileName());
            Files.move(f, to, StandardCopyOption.REPLACE_EXISTING);
            log.error("spool entry " + f + " cannot be read (" + ex.getMessage() + "): moved to " + to);
        }
    }

    private void loadNotShown(Path f) {
        Properties p = new Properties();
        try (var in = Files.newInputStream(f)) {
            p.load(in);
            for (String k : p.stringPropertyNames()) {
                notShown.merge(countKey(k), Long.parseLong(p.getProperty(k).strip()), Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            log.error("cannot read " + f + " (" + e.getMessage() + "): alerts counted there are lost");
        }
    }

    /**
     * Counts of alerts not shown follow the channel, not its address: changing {@code --smtp-host} must
     * not drop them. So they are kept by the kind of channel, numbered in order among channels of that
     * kind ("mail", "mail #2", "webhook"). A channel key (as files before this kept) maps to the
     * count key of the configured channel of its kind, if there is one.
     */
    private String countKey(String key) {
        String k = countKeys.get(key);
        if (k != null || countKeys.containsValue(key)) {
            return k != null ? k : key;
        }
        String kind = kind(key);
        return countKeys.containsValue(kind) ? kind : key;
    }

    /** The first word of a channel's name (see Channel#name), with the mail transports as one kind. */
    private static String kind(String key) {
        String first = key.split(" ", 2)[0];
        return first.equals("smtp") || first.equals("smtps") || first.equals("sendmail") ? "mail" : first;
    }

    private Path file(long seq) {
        String digits = Long.toString(seq); // zero-padded to 12 by hand: String.format is slow on this path
        return dir.resolve("0".repeat(Math.max(0, 12 - digits.length())) + digits + SUFFIX);
    }

    private void write(SpoolEntry e) {
        if (dir == null) {
            return;
        }
        unsaved.add(e.seq());
        save();
    }

    private void saveNotShown() {
        if (dir == null) {
            return;
        }
        notShownUnsaved = true;
        save();
    }

    /**
     * Brings the directory in line with memory: removes the files of delivered entries, writes those held
     * in memory only, the oldest first; stops at the first failure.
     */
    private void save() {
        if (closed) {
            return;
        }
        int written = 0;
        try {
            if (!Files.isDirectory(dir)) {
                recreate();
            }
            for (Long seq : List.copyOf(undeleted)) {
                Files.deleteIfExists(file(seq));
                undeleted.remove(seq);
                onDisk.remove(seq);
            }
            for (Long seq : List.copyOf(unsaved)) {
                byte[] bytes = EntryFormat.write(entries.get(seq));
                if (onDisk.contains(seq)) {
                    disk.replace(file(seq), bytes);
                } else {
                    disk.create(file(seq), bytes);
                    onDisk.add(seq);
                    written++;
                }
                unsaved.remove(seq);
            }
            if (notShownUnsaved) {
                if (notShown.isEmpty()) {
                    Files.deleteIfExists(dir.resolve(NOT_SHOWN));
                } else {
                    // kill -9 keeps it; a power loss may undo the last count, so fewer are said not shown
                    disk.replace(dir.resolve(NOT_SHOWN), EntryFormat.counts(notShown));
                }
                notShownUnsaved = false;
            }
            fault.cleared(written);
        } catch (IOException ex) {
            fault.failed(ex, inMemoryOnly());
        }
    }

    /** The directory was removed under us: everything in memory goes back into a new one. */
    private void recreate() throws IOException {
        AtomicFile.privateDirectory(dir);
        FileChannel old = lockFile;
        lockFile = lock(dir);
        if (old != null) {
            old.close(); // the lock on the removed file guards nothing any more
        }
        unsaved.addAll(entries.keySet());
        onDisk.clear();
        notShownUnsaved = !notShown.isEmpty();
        log.warn("the spool directory " + dir + " was removed: recreated it, writing back the " + entries.size()
                + " alert(s) held in memory");
    }
}
