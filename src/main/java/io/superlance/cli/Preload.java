package io.superlance.cli;

import io.superlance.alert.mail.MailTransport;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TimeZone;

/**
 * Initialises, on a thread of its own, what a listener's set-up needs and what takes long to initialise,
 * while the main thread reads the command line: jakarta.mail's MIME utilities first (an address check looks
 * up their charset table through the runtime image and the jars, some 15 ms, and the main thread comes to
 * the mail settings soonest), then the duration grammar's regular expression and decimals (for the options'
 * defaults) and the local time zone (the first log line's). A class initialised here is simply ready when the
 * main thread comes to it; one still being initialised makes it wait, no longer than it would have taken itself.
 */
final class Preload extends Thread {
    private final boolean mail;

    private Preload(boolean mail) {
        super("preload");
        setDaemon(true);
        this.mail = mail;
    }

    /** Starts it; mail's parts only when the line names recipients. */
    static void start(String... args) {
        List<String> words = List.of(args);
        new Preload(words.contains("-m") || words.contains("--email") || words.contains("-t") || words.contains("--toEmail")).start();
    }

    @Override
    public void run() {
        try {
            if (mail) {
                MailTransport.nameStreamProvider(); // before jakarta.mail's first use
                Class.forName("jakarta.mail.internet.InternetAddress", true, Preload.class.getClassLoader());
                Class.forName("jakarta.mail.internet.MimeUtility", true, Preload.class.getClassLoader());
            }
            Durations.parse("1.5h", ChronoUnit.SECONDS); // regular expressions and BigDecimal, for the options' defaults
            TimeZone.getDefault();
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            // the main thread meets the same and says so
        }
    }
}
