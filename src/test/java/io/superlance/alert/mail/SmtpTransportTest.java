package io.superlance.alert.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DeliveryException;
import io.superlance.protocol.ProcessId;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SMTP delivery against a real SMTP server (GreenMail) with authentication. */
class SmtpTransportTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort())
            .withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                    .withUser("alerts@example.com", "alerts", "s3cret"));

    static final Alert ALERT = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, Instant.parse("2026-11-21T02:03:04Z")).id("id-1")
            .subject(" web crashed at 2026-11-21 10:03:04,000")
            .body("Process web in group web exited unexpectedly (pid 1) from state RUNNING")
            .process(new ProcessId("web", "web")).pid(1).state("EXITED").build();

    MailChannel channel(String user, String password, Duration timeout, int port) throws Exception {
        SmtpSettings s = SmtpSettings.of("127.0.0.1:" + port, SmtpSettings.Tls.NONE, user, password, timeout);
        return new MailChannel(new MailComposer(List.of(new InternetAddress("ops@example.com")),
                new InternetAddress("alerts@example.com"), "host"), new SmtpTransport(s));
    }

    @Test
    void sendsWithLogin() throws Exception {
        channel("alerts", "s3cret", Duration.ofSeconds(5), smtp.getSmtp().getPort()).send(ALERT);
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertEquals("web crashed at 2026-11-21 10:03:04,000", m.getSubject().strip());
        assertEquals("<id-1@host>", m.getMessageID());
        assertEquals("alerts@example.com", m.getFrom()[0].toString());
    }

    /** angus-mail's write timeouts run on one shared timer thread, not on a thread pool started per mail. */
    @Test
    void mailsInARowStartNoThreadEach() throws Exception {
        MailChannel c = channel("alerts", "s3cret", Duration.ofSeconds(5), smtp.getSmtp().getPort());
        c.send(ALERT); // the first one starts what is started once
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < 10; i++) {
            c.send(ALERT);
        }
        long started = threads.getTotalStartedThreadCount() - before;
        assertEquals(11, smtp.getReceivedMessages().length);
        // GreenMail, in this JVM, starts a thread per connection; angus-mail's own pool per mail would double it
        assertTrue(started <= 10, started + " threads started for 10 mails");
    }

    /** Writing a mail does not search the class path for jakarta.mail's stream provider at every part. */
    @Test
    void writingAMailLooksUpNoServiceFiles() throws Exception {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        ClassLoader was = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new ClassLoader(was) {
            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) throws IOException {
                if (name.startsWith("META-INF/services/jakarta.mail.util")) {
                    lookups.incrementAndGet();
                }
                return super.getResources(name);
            }
        });
        try {
            MailChannel c = channel("alerts", "s3cret", Duration.ofSeconds(5), smtp.getSmtp().getPort());
            for (int i = 0; i < 3; i++) {
                c.send(ALERT);
            }
        } finally {
            Thread.currentThread().setContextClassLoader(was);
        }
        assertEquals(3, smtp.getReceivedMessages().length);
        assertEquals(0, lookups.get(), "service-file lookups while writing 3 mails");
    }

    @Test
    void wrongPasswordIsNotRetried() throws Exception {
        DeliveryException e = assertThrows(DeliveryException.class,
                () -> channel("alerts", "wrong", Duration.ofSeconds(5), smtp.getSmtp().getPort()).send(ALERT));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsRetryable() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepts, never speaks
                    }
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            acceptor.start();
            long start = System.nanoTime();
            DeliveryException e = assertThrows(DeliveryException.class,
                    () -> channel(null, null, Duration.ofSeconds(1), silent.getLocalPort()).send(ALERT));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.retryable());
            assertTrue(ms < 5000, "took " + ms + " ms");
        }
    }
}
