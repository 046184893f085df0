package io.superlance.alert.mail;

import io.superlance.alert.Template;
import io.superlance.alert.Alert;
import io.superlance.alert.TestAlerts;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mail of an alert and of its resolution. */
class MailChannelTest {
    private final List<MimeMessage> sent = new ArrayList<>();
    private final MailTransport transport = new MailTransport() {
        private final Session session = Session.getInstance(new Properties());

        @Override
        public String name() {
            return "test";
        }

        @Override
        public Session session() {
            return session;
        }

        @Override
        public void deliver(MimeMessage message) {
            sent.add(message);
        }
    };

    private MailChannel channel() throws Exception {
        return new MailChannel(new MailComposer(List.of(new InternetAddress("ops@example.com")), null, "web1"), transport);
    }

    @Test
    void theCrashMailStaysSuperlances_andItsResolutionSaysResolvedAndHowLongItLasted() throws Exception {
        MailChannel c = channel();
        Alert crash = TestAlerts.crash("web", "web-1", 4321);
        Alert back = TestAlerts.runningAgain("web", "web-1", 4400);
        back = Alert.of(back.source(), back.kind(), back.time()).subject(back.subject()).body(back.body()).process(back.process())
                .pid(back.pid()).state("RUNNING").resolved(true).fact("duration", "2m30s").build();
        assertTrue(c.accepts(back));
        c.send(crash);
        c.send(back);
        assertEquals(2, sent.size());
        assertEquals("web-1 crashed at 2026-11-21 05:00:00,123", sent.get(0).getSubject().strip());
        assertEquals("Process web-1 in group web exited unexpectedly (pid 4321) from state RUNNING", sent.get(0).getContent());
        assertEquals("RESOLVED: web-1 running again", sent.get(1).getSubject());
        assertEquals("Process web-1 in group web is running again (pid 4400)\n\nLasted 2m30s.", sent.get(1).getContent());
    }

    @Test
    void aTemplateGivesTheBody_theSubjectStaysSuperlances_aResolutionsSubjectSaysResolved() throws Exception {
        MailChannel c = channel().template(Template.parse("主机 {host}: {subject}\n{facts}\n\n{body}"), "web1");
        c.send(TestAlerts.crash("web", "web-1", 4321));
        c.send(TestAlerts.runningAgain("web", "web-1", 4400));
        assertEquals("web-1 crashed at 2026-11-21 05:00:00,123", sent.get(0).getSubject().strip());
        String body = (String) sent.get(0).getContent();
        assertTrue(body.startsWith("主机 web1: web-1 crashed at 2026-11-21 05:00:00,123\nhost: web1\nmonitor: crashmail\n"), body);
        assertTrue(body.endsWith("\n\nProcess web-1 in group web exited unexpectedly (pid 4321) from state RUNNING"), body);
        assertEquals("RESOLVED: web-1 running again", sent.get(1).getSubject());
        assertTrue(((String) sent.get(1).getContent()).startsWith("主机 web1: RESOLVED: web-1 running again\n"));
    }
}
