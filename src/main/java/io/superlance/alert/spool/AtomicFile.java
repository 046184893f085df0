package io.superlance.alert.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Replaces a file so that a crash at any moment leaves either the old content or the new, never a
 * mix: temporary file beside it, fsync, rename over the target, fsync of the directory. Files are
 * the owner's alone (0600), directories too (0700): alerts quote log lines, which may hold secrets.
 */
public final class AtomicFile {
    /** Temporary files start with this; whoever owns the directory removes them at start. */
    public static final String TMP_PREFIX = ".tmp-";
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    // asked once: the JDK builds the set of views anew at each call
    private static final boolean DEFAULT_POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /**
     * Creates {@code dir} (and missing parents) readable by its owner only; an existing one is tightened
     * to that when we own it (only the owner may change it: another's is left as it is).
     */
    public static void privateDirectory(Path dir) throws IOException {
        if (!posix(dir)) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        }
        try {
            if (!Files.getPosixFilePermissions(dir).equals(DIRECTORY)) {
                Files.setPosixFilePermissions(dir, DIRECTORY);
            }
        } catch (FileSystemException notOurs) {
            // someone else's directory, made private or not by its owner
        }
    }

    /** Opens (creating it 0600 if needed) a file for writing; an existing one is made 0600 too. */
    public static FileChannel openPrivate(Path file, OpenOption... options) throws IOException {
        if (!posix(file.toAbsolutePath().getParent())) {
            return FileChannel.open(file, options);
        }
        Set<OpenOption> opened = new HashSet<>(Arrays.asList(options));
        if (opened.remove(StandardOpenOption.CREATE)) {
            // a file that is new (a spool entry, a temporary file) gets its mode from the open itself: no
            // stat and chmod after it on the path that acknowledges an alerting event
            opened.add(StandardOpenOption.CREATE_NEW);
            try {
                return FileChannel.open(file, opened, PosixFilePermissions.asFileAttribute(FILE));
            } catch (FileAlreadyExistsException exists) {
                opened.remove(StandardOpenOption.CREATE_NEW);
            }
        }
        FileChannel ch = FileChannel.open(file, opened, PosixFilePermissions.asFileAttribute(FILE));
        try {
            if (!Files.getPosixFilePermissions(file).equals(FILE)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (FileSystemException notOurs) {
            // left as its owner made it
        }
        return ch;
    }

    private static boolean posix(Path p) {
        FileSystem fs = p.getFileSystem();
        return fs == FileSystems.getDefault() ? DEFAULT_POSIX : fs.supportedFileAttributeViews().contains("posix");
    }

    private AtomicFile() {
    }

    /**
     * Writes a file that does not exist yet under its final name, with no rename and without waiting for
     * the disk: a new spool entry, which {@link Flusher} forces to disk just after. Linux's journalling file
     * systems (ext4, XFS, btrfs) make a new file's directory entry durable with the fsync of the file
     * itself, so no flush of the directory is needed. Only a power loss before that flush can lose the file
     * or leave it torn. A write that fails (disk full) removes what it left.
     */
    public static void create(Path target, byte[] bytes) throws IOException {
        try (FileChannel ch = openPrivate(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // a torn entry is moved aside at the next start
            }
            throw e;
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, true);
    }

    /**
     * @param durable false to skip both fsyncs: the file then survives the process being killed (the
     *                kernel has it, and the rename is still atomic) but maybe not a power loss; this
     *                costs microseconds instead of the milliseconds a disk takes to sync
     */
    public static void write(Path target, byte[] bytes, boolean durable) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(TMP_PREFIX + target.getFileName());
        try {
            try (FileChannel ch = openPrivate(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // a full disk would otherwise keep one empty temporary file per failed write
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next start removes it
            }
            throw e;
        }
        if (!durable) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }
}
