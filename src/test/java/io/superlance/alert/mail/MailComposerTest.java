package io.superlance.alert.mail;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.protocol.ProcessId;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailComposerTest {
    final Session session = Session.getInstance(new Properties());

    static Alert alert(String subject, String body) {
        return Alert.of("crashmail", AlertKind.PROCESS_CRASHED, Instant.parse("2026-11-21T02:03:04Z")).id("abc-1")
                .subject(subject).body(body).process(new ProcessId("g", "n")).pid(1).state("EXITED").build();
    }

    /** Writes the message out and parses it back, as a receiving mail system would. */
    MimeMessage roundTrip(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return new MimeMessage(session, new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void crlfInTheSubjectCannotAddAHeader() throws Exception {
        MailComposer c = new MailComposer(List.of(new InternetAddress("ops@example.com")), null, "host");
        MimeMessage m = roundTrip(c.compose(session, alert(" evil\r\nBcc: victim@example.com\nX-Injected: 1 crashed", "body")));
        assertNull(m.getHeader("Bcc"));
        assertNull(m.getHeader("X-Injected"));
        assertEquals(1, m.getAllRecipients().length);
        assertTrue(m.getSubject().contains("Bcc: victim@example.com"), "the text survives, on one line");
    }

    @Test
    void nonAsciiSubjectAndBodyArriveIntact() throws Exception {
        MailComposer c = new MailComposer(List.of(new InternetAddress("ops@example.com")), new InternetAddress("me@example.com"), "host");
        MimeMessage sent = c.compose(session, alert(" 数据同步 crashed at 2026", "进程 数据同步 异常退出 ✓"));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        sent.writeTo(raw);
        String wire = raw.toString(StandardCharsets.US_ASCII);
        assertTrue(wire.chars().allMatch(ch -> ch < 128), "headers and body are 7-bit on the wire");
        MimeMessage m = roundTrip(sent);
        assertEquals("数据同步 crashed at 2026", m.getSubject().strip());
        assertEquals("进程 数据同步 异常退出 ✓", ((String) m.getContent()).strip());
        assertEquals("me@example.com", m.getFrom()[0].toString());
    }

    @Test
    void messageIdIsStableForTheSameAlert() throws Exception {
        MailComposer c = new MailComposer(List.of(new InternetAddress("ops@example.com")), null, "web1.example.com");
        String first = c.compose(session, alert("s", "b")).getMessageID();
        String retry = c.compose(session, alert("s", "b")).getMessageID();
        assertEquals("<abc-1@web1.example.com>", first);
        assertEquals(first, retry);
        assertTrue(Collections.list(c.compose(session, alert("s", "b")).getAllHeaderLines()).stream()
                .anyMatch(h -> h.startsWith("Date: ")));
    }

    @Test
    void theHostIsNamedInAHeader_superlancesSubjectAndTextStayAsTheyAre() throws Exception {
        MailComposer c = new MailComposer(List.of(new InternetAddress("ops@example.com")), null, "web1.example.com", "db7");
        MimeMessage m = roundTrip(c.compose(session, alert(" web crashed at 2026", "Process web in group web exited unexpectedly")));
        assertEquals("db7", m.getHeader(MailComposer.HOST_HEADER)[0]);
        assertEquals("web crashed at 2026", m.getSubject().strip());
        assertEquals("Process web in group web exited unexpectedly", ((String) m.getContent()).strip());
        assertNull(roundTrip(new MailComposer(List.of(new InternetAddress("ops@example.com")), null, "h")
                .compose(session, alert("s", "b"))).getHeader(MailComposer.HOST_HEADER));
    }

    /** crashsms without -s: superlance's MIMEText got no Subject: header at all, not an empty one. */
    @Test
    void anEmptySubjectIsNoSubjectHeader() throws Exception {
        MailComposer c = new MailComposer(List.of(new InternetAddress("ops@example.com")), null, "host");
        MimeMessage m = roundTrip(c.compose(session, alert("", "[g:n](1) exited unexpectedly 2026-11-21 10:03:04,000")));
        assertNull(m.getHeader("Subject"));
        assertEquals("[g:n](1) exited unexpectedly 2026-11-21 10:03:04,000", m.getContent().toString().strip());
    }
}
