package io.superlance.alert.spool;

import io.superlance.alert.Alert;
import io.superlance.log.Log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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

/**
 * The alerts not yet delivered on every channel, one file each in a directory, so a listener killed
 * with {@code kill -9} finds them again when supervisord restarts it. Each file is written whole to a
 * temporary name, forced to disk and renamed into place ({@link AtomicFile}): a crash mid-write leaves a stray temporary
 * file (removed at the next start), never a half entry. Entries that cannot be read are moved to
 * {@code unreadable/} and logged. Without a directory it keeps the same books in memory only.
 *
 * <p>Not thread-safe: the delivery queue calls it under its own lock.
 */
public final class Spool implements AutoCloseable {
    private static final String SUFFIX = ".alert";
    private static final String NOT_SHOWN = "not-shown.properties";

    private final Path dir;
    private final int max;
    private final List<String> channels;
    private final TreeMap<Long, SpoolEntry> entries = new TreeMap<>();
    private final Map<String, Long> notShown = new LinkedHashMap<>();
    private final FileChannel lockFile;
    private long nextSeq = 1;

    private Spool(Path dir, int max, List<String> channels, FileChannel lockFile) {
        this.dir = dir;
        this.max = max;
        this.channels = List.copyOf(channels);
        this.lockFile = lockFile;
    }

    /** A spool that lives only as long as this process. */
    public static Spool inMemory(int max, List<String> channels) {
        return new Spool(null, max, channels, null);
    }

    /**
     * Opens (creating it if needed) and locks the spool directory, and loads what earlier runs left.
     * @param channels the keys of the configured channels: an entry all of them took is removed
     * @throws IOException when the directory cannot be used, or another listener holds it
     */
    public static Spool open(Path dir, int max, List<String> channels) throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
        FileChannel lock = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
        Spool spool = new Spool(dir, max, channels, lock);
        spool.load();
        return spool;
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
                notShown.merge(c, 1L, Long::sum);
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
            if (dir != null) {
                try {
                    Files.deleteIfExists(file(e.seq()));
                } catch (IOException ex) {
                    Log.error("cannot remove delivered alert " + file(e.seq()) + " from the spool: " + Log.describe(ex)
                            + "; it may be sent again after a restart");
                }
            }
        } else {
            write(e);
        }
    }

    /** Alerts the full spool could not keep and {@code channel} has not yet reported. */
    public long notShown(String channel) {
        return notShown.getOrDefault(channel, 0L);
    }

    /** {@code channel} reported {@code count} alerts as not shown. */
    public void shown(String channel, long count) {
        if (count <= 0) {
            return;
        }
        long left = notShown(channel) - count;
        if (left > 0) {
            notShown.put(channel, left);
        } else {
            notShown.remove(channel);
        }
        saveNotShown();
    }

    @Override
    public void close() throws IOException {
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
            Log.info(entries.size() + " alert(s) left in the spool " + dir + " by an earlier run: delivering them");
        }
    }

    private void loadEntry(Path f) throws IOException {
        try {
            SpoolEntry e = EntryFormat.read(Files.readAllBytes(f));
            if (!f.equals(file(e.seq())) || entries.containsKey(e.seq())) {
                throw new IllegalArgumentException("its name does not match its sequence number " + e.seq());
            }
            entries.put(e.seq(), e);
        } catch (IllegalArgumentException | IOException ex) {
            Path aside = dir.resolve("unreadable");
            Files.createDirectories(aside);
            Path to = aside.resolve(f.getFileName());
            Files.move(f, to, StandardCopyOption.REPLACE_EXISTING);
            Log.error("spool entry " + f + " cannot be read (" + ex.getMessage() + "): moved to " + to);
        }
    }

    private void loadNotShown(Path f) {
        Properties p = new Properties();
        try (var in = Files.newInputStream(f)) {
            p.load(in);
            for (String k : p.stringPropertyNames()) {
                notShown.put(k, Long.parseLong(p.getProperty(k).strip()));
            }
        } catch (IOException | RuntimeException e) {
            Log.error("cannot read " + f + " (" + e.getMessage() + "): alerts counted there are lost");
        }
    }

    private Path file(long seq) {
        return dir.resolve(String.format("%012d", seq) + SUFFIX);
    }

    private void write(SpoolEntry e) {
        if (dir == null) {
            return;
        }
        try {
            AtomicFile.write(file(e.seq()), EntryFormat.write(e));
        } catch (IOException ex) {
            Log.error("cannot write alert " + e.alert().id() + " to the spool " + dir + ": " + Log.describe(ex)
                    + "; it is kept in memory only");
        }
    }

    private void saveNotShown() {
        if (dir == null) {
            return;
        }
        try {
            if (notShown.isEmpty()) {
                Files.deleteIfExists(dir.resolve(NOT_SHOWN));
            } else {
                AtomicFile.write(dir.resolve(NOT_SHOWN), EntryFormat.counts(notShown));
            }
        } catch (IOException ex) {
            Log.error("cannot write " + dir.resolve(NOT_SHOWN) + ": " + Log.describe(ex));
        }
    }
}
