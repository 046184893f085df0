package io.superlance.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sendmail stand-in, scripts/sendmail-to-dir: each mail a listener sends through {@code -s COMMAND}
 * becomes a file in a directory, and tests read them in the order they came.
 */
public final class Mailbox {
    private final Path dir;

    public Mailbox(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** What {@code -s} / {@code --sendmail} takes to deliver here. */
    public String command() {
        return Supervisord.basedir().resolve("scripts/sendmail-to-dir") + " " + dir;
    }

    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
    }

    public int size() throws IOException {
        return files().size();
    }

    /** Each mail as it was sent, except that folded header lines are unfolded. */
    public List<String> mails() throws IOException {
        List<String> mails = new ArrayList<>();
        for (Path p : files()) {
            String text = Files.readString(p);
            int body = text.indexOf("\n\n");
            body = body < 0 ? text.length() : body;
            mails.add(text.substring(0, body).replace("\n ", " ").replace("\n\t", " ") + text.substring(body));
        }
        return mails;
    }

    /** Waits until {@code count} mails are here; returns those there are by then, for the test to assert on. */
    public List<String> await(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && size() < count) {
            Thread.sleep(50);
        }
        return mails();
    }

    /** Removes every mail, for a second part of a test. */
    public void clear() throws IOException {
        for (Path p : files()) {
            Files.delete(p);
        }
    }
}
