package io.superlance.alert.sms;

import io.superlance.alert.Template;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.mail.MailComposer;
import io.superlance.alert.mail.SmtpSettings;
import io.superlance.alert.mail.SmtpTransport;
import io.superlance.protocol.ProcessId;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmsChannelTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());

    @Test
    void crashIsCrashsmsCompactLine() {
        assertEquals("[web:web-1](4321) exited unexpectedly 2026-11-21 05:00:00,123",
                SmsText.of(TestAlerts.crash("web", "web-1", 4321), ZoneOffset.UTC));
    }

    @Test
    void everyTextFitsInOneSmsSegment_withoutSplittingACharacter() {
        String longName = "x".repeat(300);
        String text = SmsText.of(TestAlerts.crash("g", longName, 1), ZoneOffset.UTC);
        assertEquals(159, text.length(), "one GSM segment, where '[' counts two: " + text);
        assertTrue(text.startsWith("[g:xxx"));

        String emoji = "\ud83d\ude00".repeat(200);
        Alert other = Alert.of("memmon", AlertKind.MEMORY_LIMIT_RESTART, TestAlerts.TIME).subject(emoji).body("body").build();
        String cut = SmsText.of(other, ZoneOffset.UTC);
        assertEquals(35, cut.codePointCount(0, cut.length()), "outside the GSM alphabet a segment is 70 UTF-16 units");
        assertTrue(Character.isLowSurrogate(cut.charAt(cut.length() - 1)));

        Alert memmon = Alert.of("memmon", AlertKind.MEMORY_LIMIT_RESTART, TestAlerts.TIME).subject("memmon: process g:a restarted\r\n")
                .body("long body").process(new ProcessId("g", "a")).pid(5).state("RUNNING").build();
        assertEquals("memmon: process g:a restarted", SmsText.of(memmon, ZoneOffset.UTC));
    }

    @Test
    void gatewaysGetOneShortMailEach_aResolutionToo() throws Exception {
        SmtpTransport transport = new SmtpTransport(SmtpSettings.of("127.0.0.1:" + smtp.getSmtp().getPort(),
                SmtpSettings.Tls.NONE, null, null, Duration.ofSeconds(5)));
        MailComposer gateways = new MailComposer(List.of(new InternetAddress("5551234@sms.example.com"),
                new InternetAddress("5555678@sms.example.com")), new InternetAddress("superlance@web1"), "web1");
        SmsChannel channel = new SmsChannel(gateways, transport, "web1", ZoneOffset.UTC);

        channel.send(TestAlerts.crash("web", "web-1", 4321));
        Alert back = TestAlerts.runningAgain("web", "web-1", 4400);
        channel.send(Alert.of(back.source(), back.kind(), back.time()).subject(back.subject()).body(back.body())
                .process(back.process()).pid(back.pid()).state("RUNNING").resolved(true).fact("duration", "12s").build());

        assertTrue(smtp.waitForIncomingEmail(5000, 4));
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertEquals(4, mails.length, "a crash and its resolution, two gateway addresses");
        List<String> bodies = new java.util.ArrayList<>();
        for (MimeMessage m : mails) {
            assertEquals("web1", m.getSubject());
            String body = ((String) m.getContent()).strip();
            assertTrue(body.length() <= 160);
            bodies.add(body);
        }
        bodies.sort(null); // each gateway gets its copy: in no set order between them
        assertEquals(List.of("RESOLVED: web-1 running again after 12s", "RESOLVED: web-1 running again after 12s",
                "[web:web-1](4321) exited unexpectedly 2026-11-21 05:00:00,123",
                "[web:web-1](4321) exited unexpectedly 2026-11-21 05:00:00,123"), bodies);
        assertEquals("[web:web-1](4321) exited unexpectedly 2026-11-21 05:00:00,123", ((String) mails[0].getContent()).strip(),
                "the crash first");
    }

    @Test
    void aTemplateGivesTheText_onOneLineAndCutTo160() throws Exception {
        SmtpTransport transport = new SmtpTransport(SmtpSettings.of("127.0.0.1:" + smtp.getSmtp().getPort(),
                SmtpSettings.Tls.NONE, null, null, Duration.ofSeconds(5)));
        MailComposer gateways = new MailComposer(List.of(new InternetAddress("5551234@sms.example.com")),
                new InternetAddress("superlance@web1"), "web1");
        SmsChannel channel = new SmsChannel(gateways, transport, "web1", ZoneOffset.UTC)
                .template(Template.parse("{host} {program}\n{state} {body}"));
        channel.send(Alert.of("crashmail", AlertKind.PROCESS_CRASHED, TestAlerts.TIME).subject("s").body("x".repeat(300))
                .process(new ProcessId("web", "web-1")).pid(1).state("EXITED").build());
        assertTrue(smtp.waitForIncomingEmail(5000, 1));
        String body = ((String) smtp.getReceivedMessages()[0].getContent()).strip();
        assertEquals("web1 web-1 EXITED " + "x".repeat(160 - "web1 web-1 EXITED ".length()), body);
    }
}
