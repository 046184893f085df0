package io.superlance.alert.silence;

import io.superlance.alert.AlertKind;
import io.superlance.json.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The host's silences: one JSON file, {@code silences.json}, in its state directory (the directory under
 * which each listener has its spool). Replaced whole by a rename, so a listener reads the old file or the
 * new one, never half; changed under a lock on {@code silences.lock}, so two {@code silence add} at once
 * both land. Readable by everyone (0644): the listeners may run as another user than the operator, and a
 * silence holds no secret.
 */
public final class SilenceStore {
    public static final String FILE = "silences.json";
    static final String LOCK = "silences.lock";
    /** How long an ended silence stays in the file, for status and the listeners' log of its end. */
    static final Duration KEPT_AFTER_END = Duration.ofHours(1);
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> SHARED_LOCK = PosixFilePermissions.fromString("rw-rw-r--");

    private final Path dir;

    public SilenceStore(Path stateDir) {
        this.dir = stateDir;
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    /** Every silence in the file; none when there is no file. @throws IOException unreadable or not ours */
    public List<Silence> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file());
        } catch (NoSuchFileException e) {
            return List.of();
        }
        try {
            return parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException(file() + " is not a silences file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads, changes and writes the silences under the store's lock; those ended more than
     * {@link #KEPT_AFTER_END} ago are dropped on the way.
     *
     * @return what was written
     */
    public List<Silence> update(Instant now, UnaryOperator<List<Silence>> change) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory");
        }
        Path lock = dir.resolve(LOCK);
        try (FileChannel ch = FileChannel.open(lock, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), attributes(lock, SHARED_LOCK));
             FileLock ignored = ch.lock()) {
            List<Silence> kept = new ArrayList<>();
            for (Silence s : read()) {
                if (now.isBefore(s.end().plus(KEPT_AFTER_END))) {
                    kept.add(s);
                }
            }
            List<Silence> after = List.copyOf(change.apply(kept));
            write(after);
            return after;
        }
    }

    private void write(List<Silence> silences) throws IOException {
        Path tmp = dir.resolve(".tmp-" + FILE);
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes(tmp, READABLE))) {
            ByteBuffer b = ByteBuffer.wrap((json(silences) + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        sameOwnerAsDirectory(tmp);
        try {
            Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Made by root for listeners of another user: theirs, so the next {@code silence add} by that user may change it. */
    private void sameOwnerAsDirectory(Path file) {
        try {
            if (!Files.getOwner(file).equals(Files.getOwner(dir))) {
                Files.setOwner(file, Files.getOwner(dir));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // only root may give a file away; the 0644 file is readable all the same
        }
    }

    private FileAttribute<?>[] attributes(Path p, Set<PosixFilePermission> mode) {
        boolean posix = p.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    /** The file as JSON: {@code {"silences": [...]}}, also what {@code silence list --json} prints. */
    public static String json(List<Silence> silences) {
        List<Object> out = new ArrayList<>();
        for (Silence s : silences) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", s.id());
            o.put("programs", s.programs());
            o.put("all", s.all());
            o.put("monitors", s.monitors());
            o.put("kinds", s.kinds().stream().map(AlertKind::wire).toList());
            o.put("start", s.start().toString());
            o.put("end", s.end().toString());
            o.put("author", s.author());
            o.put("reason", s.reason());
            o.put("pauseActions", s.pauseActions());
            out.add(o);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("silences", out);
        return Json.write(doc);
    }

    static List<Silence> parse(String text) {
        Object doc = Json.parse(text);
        if (!(Json.at(doc, "silences") instanceof List<?> list)) {
            throw new IllegalArgumentException("no \"silences\" list");
        }
        List<Silence> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("a silence that is not an object");
            }
            out.add(new Silence(text(m, "id"), strings(m, "programs"), Boolean.TRUE.equals(m.get("all")), strings(m, "monitors"),
                    strings(m, "kinds").stream().map(AlertKind::fromWire).toList(), Instant.parse(text(m, "start")),
                    Instant.parse(text(m, "end")), (String) m.get("author"), (String) m.get("reason"),
                    Boolean.TRUE.equals(m.get("pauseActions"))));
        }
        return out;
    }

    private static String text(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("a silence without \"" + key + "\"");
        }
        return s;
    }

    private static List<String> strings(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().map(v -> Objects.toString(v)).toList();
    }

    /**
     * What a listener has read of the store, read again only when the file changed (its inode, time or
     * size: it is replaced by a rename), so a look costs one stat. The listener calls {@link #refresh}
     * at most once a second.
     */
    public static final class Watcher {
        private final SilenceStore store;
        private Object seen; // attributes of the file last read; null when there was none
        private volatile Silences current = Silences.NONE;

        public Watcher(Path stateDir) {
            this.store = new SilenceStore(stateDir);
        }

        public Path file() {
            return store.file();
        }

        public Silences current() {
            return current;
        }

        /**
         * Reads the file again when it changed. @return true when the silences read are new
         * @throws IOException it changed and cannot be read: the silences read before stay in force
         */
        public boolean refresh() throws IOException {
            Object now;
            try {
                BasicFileAttributes a = Files.readAttributes(store.file(), BasicFileAttributes.class);
                now = List.of(Objects.toString(a.fileKey()), a.lastModifiedTime(), a.size());
            } catch (NoSuchFileException e) {
                now = null;
            }
            if (Objects.equals(now, seen)) {
                return false;
            }
            Silences read = new Silences(store.read()); // not marked seen when it fails: tried again next time
            seen = now;
            current = read;
            return true;
        }
    }
}
