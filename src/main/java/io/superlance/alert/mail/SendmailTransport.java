package io.superlance.alert.mail;

import io.superlance.alert.DeliveryException;
import io.superlance.log.Log;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pipes the message into a sendmail-like command ({@code -s}, default {@code /usr/sbin/sendmail -t -i}).
 * A command with shell syntax runs through {@code /bin/sh -c}, as superlance's popen did, so existing
 * values such as {@code cat > /tmp/mail} keep their meaning; a program's path followed by plain words (the
 * default) is run directly, as the shell would run it, which spares a process per mail. Its output goes to
 * our log, never to our stdout.
 */
public final class SendmailTransport implements MailTransport {
    public static final String DEFAULT_COMMAND = "/usr/sbin/sendmail -t -i";
    /** The commands running now, with whether {@link #killRunning} killed them. */
    private static final java.util.Map<Process, Boolean> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();
    /** Held while a command is started and recorded as running, and while {@link #killRunning} kills: never both. */
    private static final Object STARTING = new Object();
    /** Set by {@link #killRunning}: the process is exiting, and a command started now would outlive it. */
    private static boolean exiting;

    private final String command;
    private final Duration timeout;
    private Session session;

    public SendmailTransport(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "sendmail '" + command + "'";
    }

    @Override
    public synchronized Session session() {
        if (session == null) {
            session = MailTransport.newSession(new Properties()); // on first use: it costs start-up time
        }
        return session;
    }

    @Override
    public void deliver(MimeMessage message) throws DeliveryException {
        Process process;
        List<String> argv = argv(command);
        synchronized (STARTING) {
            if (exiting) { // a call that was still composing its message when the exit killed the commands
                throw new DeliveryException(command + " not started: the listener is exiting", true);
            }
            try {
                process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            } catch (IOException e) {
                // run directly, a program that is missing or not executable fails here, where through the shell
                // it exits 127 or 126: retrying for a day cannot help either way
                String why = String.valueOf(e.getMessage());
                String cannotRun = why.contains("error=2,") ? "not found" : why.contains("error=13,") ? "not executable" : null;
                throw new DeliveryException("cannot start " + command + ": " + why
                        + (cannotRun == null ? "" : " (the command cannot be run: " + cannotRun + ")"), cannotRun == null, e);
            }
            RUNNING.put(process, false);
        }
        try {
            deliver(message, process);
        } finally {
            RUNNING.remove(process);
        }
    }

    /**
     * Kills every command still running, its children first, so that none delivers after this process
     * exits: the alert it carried is still pending in the spool, and the next start sends it again.
     * A killed command's delivery counts as failed. From then on no command is started: a delivery still
     * composing its message would start one that outlives the process and mails after it (then the next
     * start mails the same alert again).
     * @return how many were running
     */
    public static int killRunning() {
        synchronized (STARTING) {
            exiting = true;
            int n = 0;
            for (Process p : RUNNING.keySet()) {
                RUNNING.put(p, true);
                killTree(p);
                n++;
            }
            return n;
        }
    }

    /** Commands may be started again after {@link #killRunning}: for tests that go on in the same JVM. */
    static void startAgain() {
        synchronized (STARTING) {
            exiting = false;
        }
    }

    /** The command and whatever it started: killing the shell alone would leave its pipeline running. */
    private static void killTree(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private void deliver(MimeMessage message, Process process) throws DeliveryException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Future<?> reader = OutputReaders.POOL.submit(() -> copyQuietly(process.getInputStream(), output));
        try {
            boolean taken = false;
            try (OutputStream in = new LfOnly(process.getOutputStream())) {
                // sendmail reads local input with LF line ends; jakarta.mail writes CRLF
                message.writeTo(in);
                taken = true;
            } catch (IOException e) {
                // the command may have exited without reading; its exit status says more
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new DeliveryException(command + " did not finish within " + timeout.toSeconds() + " s", true);
            }
            try {
                reader.get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // a grandchild holds the output open: what was read so far is what the message says
            }
            int status = process.exitValue();
            if (Boolean.TRUE.equals(RUNNING.get(process))) {
                throw new DeliveryException(command + " killed at exit: not counted as sent", true);
            }
            if (status != 0) {
                String said = output.toString(StandardCharsets.UTF_8).strip();
                String what = command + " exited with status " + status + (said.isEmpty() ? "" : ": " + said);
                switch (outcome(status, taken)) {
                    case CANNOT_RUN -> throw new DeliveryException(what + " (the command cannot be run: "
                            + (status == NOT_FOUND ? "not found" : "not executable") + ")", false);
                    case RETRY -> throw new DeliveryException(what, true);
                    case SENT -> Log.warn(what + "; it had taken the whole message, so it is counted as sent "
                            + "(sending it again could mail it twice)");
                }
            }
        } catch (MessagingException e) {
            killTree(process);
            throw new DeliveryException("cannot write mail: " + e.getMessage(), false, e);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while " + command + " ran", true, e);
        }
    }

    /** What a non-zero exit status means for the message. */
    enum Outcome { SENT, RETRY, CANNOT_RUN }

    /** The shell's statuses for a command it cannot execute, and for one it cannot find. */
    static final int NOT_EXECUTABLE = 126;
    static final int NOT_FOUND = 127;
    /** sysexits' EX_TEMPFAIL: sendmail's way to say the message was not accepted and may be later. */
    static final int TEMPFAIL = 75;

    private static final String SHELL = "/bin/sh";

    /**
     * The process to start for {@code command}: its words when it is a program's path followed by words
     * (letters, digits and {@code /._+=:,@%-}), where {@code sh -c} would do no more than split it on
     * blanks and run that program; else {@code sh -c command} (a bare name may be a builtin, such as
     * {@code exit}, or be found on the shell's PATH).
     */
    static List<String> argv(String command) {
        return pathAndWords(command) ? List.of(command.strip().split(" +")) : List.of(SHELL, "-c", command);
    }

    private static boolean pathAndWords(String command) {
        String words = command.strip();
        return words.startsWith("/") && words.matches("[A-Za-z0-9/._+=:,@%\\- ]+");
    }

    /**
     * @param status non-zero
     * @param taken  whether the command read the whole message (its stdin took every byte and was closed)
     */
    static Outcome outcome(int status, boolean taken) {
        if (status == NOT_FOUND || status == NOT_EXECUTABLE) {
            return Outcome.CANNOT_RUN; // retrying for a day cannot help
        }
        if (status == TEMPFAIL || !taken) {
            return Outcome.RETRY;
        }
        // It read the message and then failed: it may well have sent it (many a wrapper does, then fails
        // on a log or a copy). A retry could mail it twice, every minute for a day.
        return Outcome.SENT;
    }

    /**
     * Why the command cannot run, checked before the first message where that can be known: its program
     * is a path (the default {@code /usr/sbin/sendmail -t -i}) that is missing or not executable. A bare
     * name or shell syntax is left for the shell to find at first use.
     * @return null when nothing is wrong that can be seen now
     */
    public static String problem(String command) {
        String trimmed = command.strip();
        if (trimmed.isEmpty()) {
            return "the sendmail command is empty";
        }
        String program = trimmed.split("\\s+", 2)[0];
        if (!program.startsWith("/") || !program.matches("[A-Za-z0-9_./+-]+")) {
            return null;
        }
        java.nio.file.Path path = java.nio.file.Path.of(program);
        if (!java.nio.file.Files.exists(path)) {
            return program + " does not exist";
        }
        if (java.nio.file.Files.isDirectory(path) || !java.nio.file.Files.isExecutable(path)) {
            return program + " is not executable";
        }
        return null;
    }

    /** Threads that read the commands' output, kept a minute between mails rather than started for each. */
    private static final class OutputReaders {
        static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sendmail output");
            t.setDaemon(true);
            return t;
        });
    }

    private static void copyQuietly(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    if (out.size() < 4096) {
                        out.write(buf, 0, Math.min(n, 4096 - out.size()));
                    }
                }
            }
        } catch (IOException ignored) {
            // the command closed its output; what we have is enough for the log
        }
    }

    /** Drops the CR of each CRLF. */
    static final class LfOnly extends FilterOutputStream {
        private boolean pendingCr;

        LfOnly(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (pendingCr) {
                pendingCr = false;
                if (b != '\n') {
                    out.write('\r');
                }
            }
            if (b == '\r') {
                pendingCr = true;
            } else {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void close() throws IOException {
            if (pendingCr) {
                out.write('\r');
                pendingCr = false;
            }
            super.close();
        }
    }
}
