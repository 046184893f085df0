package io.superlance.alert.mail;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SmtpSettingsTest {
    static SmtpSettings of(String s, SmtpSettings.Tls tls) {
        return SmtpSettings.of(s, tls, null, null, Duration.ofSeconds(5));
    }

    @Test
    void hostAndPortAsSmtplibTakesThem() {
        assertEquals(25, of("mail", SmtpSettings.Tls.NONE).port());
        assertEquals(465, of("mail", SmtpSettings.Tls.SMTPS).port());
        SmtpSettings s = of("mail.example.com:2525", SmtpSettings.Tls.STARTTLS);
        assertEquals("mail.example.com", s.host());
        assertEquals(2525, s.port());
        SmtpSettings v6 = of("[::1]:2525", SmtpSettings.Tls.NONE);
        assertEquals("::1", v6.host());
        assertEquals(2525, v6.port());
    }

    @Test
    void badPortsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> of("mail:smtp", SmtpSettings.Tls.NONE));
        assertThrows(IllegalArgumentException.class, () -> of("mail:70000", SmtpSettings.Tls.NONE));
        assertThrows(IllegalArgumentException.class, () -> of(":25", SmtpSettings.Tls.NONE));
    }

    @Test
    void thePasswordNeverShowsInLogs() {
        SmtpSettings s = SmtpSettings.of("mail", SmtpSettings.Tls.NONE, "me", "hunter2", Duration.ofSeconds(5));
        assertFalse(s.toString().contains("hunter2"));
    }
}
