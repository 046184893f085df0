package io.superlance.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP (or SMTPS) server on loopback that keeps what it receives: GreenMail, one per test, so tests
 * that run side by side never see each other's mail. Each recipient's copy counts as one message.
 */
public final class MailSink implements AutoCloseable {
    private final GreenMail mail;

    private MailSink(GreenMail mail) {
        this.mail = mail;
    }

    /** Plain SMTP on a port of its own. */
    public static MailSink smtp() {
        return start(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    }

    /** SMTP over TLS on a port of its own, with the certificate GreenMail is set up with (see TestTls). */
    public static MailSink smtps() {
        return start(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
    }

    /**
     * Plain SMTP on {@code port}, e.g. where a test had nothing listen until now (a mail server that comes
     * back). The port can stay busy for a moment after a server on it closed, so binding is retried.
     */
    public static MailSink smtpOn(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try {
                return start(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static MailSink start(ServerSetup setup) {
        setup.setServerStartupTimeout(15_000); // GreenMail's 2 s is short on a busy machine
        GreenMail mail = new GreenMail(setup);
        try {
            mail.start();
        } catch (RuntimeException e) {
            mail.stop();
            throw e;
        }
        return new MailSink(mail);
    }

    public int port() {
        return mail.getSmtps() != null ? mail.getSmtps().getPort() : mail.getSmtp().getPort();
    }

    /** Accepts AUTH as {@code login} with {@code password}, for the mail of {@code address}. */
    public MailSink user(String address, String login, String password) {
        mail.setUser(address, login, password);
        return this;
    }

    public MimeMessage[] messages() {
        return mail.getReceivedMessages();
    }

    /** The text bodies, in the order the messages came. */
    public List<String> bodies() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (MimeMessage m : messages()) {
            bodies.add((String) m.getContent());
        }
        return bodies;
    }

    /**
     * Waits until {@code count} messages are here in all. (GreenMail's own waitForIncomingEmail counts only
     * mail that arrives after the call, so a fast delivery makes it wait for nothing.)
     */
    public boolean await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages().length < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        mail.stop();
    }
}
