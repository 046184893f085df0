package io.superlance.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RedactedTest {
    @Test
    void queryValuesUserInfoAndTokenPathSegmentsAreMasked_theEndpointStaysRecognisable() {
        assertEquals("https://hooks.slack.com/services/***/***/***",
                Redacted.url("https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX"));
        assertEquals("https://hc-ping.com/***", Redacted.url("https://hc-ping.com/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278"));
        assertEquals("https://oapi.dingtalk.com/robot/send?access_token=***",
                Redacted.url("https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789"));
        assertEquals("https://***@am.example.com:9093/api/v2/alerts", Redacted.url("https://bob:pa%3Ass@am.example.com:9093/api/v2/alerts"));
        assertEquals("https://api.telegram.org/***/sendMessage", Redacted.url("https://api.telegram.org/bot123456:ABC-DEF1234ghIkl/sendMessage"));
        assertEquals("https://ping.example.com/ping?api_key=***&check=***", Redacted.url("https://ping.example.com/ping?api_key=k3y&check=web"));
        assertEquals("http://hooks.example.com/superlance-webhook-receiver/in",
                Redacted.url("http://hooks.example.com/superlance-webhook-receiver/in"), "words are not tokens");
        assertEquals("http://127.0.0.1:8080", Redacted.url("http://127.0.0.1:8080"));
        assertEquals("https://hc.example.com/ping/***", Redacted.url("https://hc.example.com/ping/ab12"), "a short token too");
        assertEquals("http://uptime.example.com/api/push/***?status=***", Redacted.url("http://uptime.example.com/api/push/Xk3p?status=up"));
        assertEquals("http://am:9093/api/v2/alerts", Redacted.url("http://am:9093/api/v2/alerts"));
    }

    /** A URL with a typo is shown as typed, so its owner sees the mistake, with its secrets masked. */
    @Test
    void aTextThatIsNoWholeUrlIsShownAsTyped_itsSecretsMasked() {
        assertEquals("oapi.dingtalk.com/robot/send?access_token=***", Redacted.url("oapi.dingtalk.com/robot/send?access_token=abcdef"));
        assertEquals("hooks.example.com/in?token=*** value with spaces",
                Redacted.url("hooks.example.com/in?token=s3cr3t value with spaces"));
        assertEquals("htps://***@hooks.example.com/services/***", Redacted.url("htps://bob:hunter2@hooks.example.com/services/XyZ123"));
    }

    @Test
    void aTextThatCannotBeParsedNeverShowsItsSecrets() {
        assertEquals("https://hooks.example.com/in?token=*** value with spaces",
                Redacted.url("https://hooks.example.com/in?token=s3cr3t value with spaces"));
        assertEquals("no url ***", Redacted.url("no url s3cr3t"));
        assertEquals(Redacted.BAD_URL, Redacted.url(null));
    }

    @Test
    void aMessageQuotingTheUrlOrItsPartsLosesTheSecrets() {
        String url = "https://bob:hunter22@hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX?k=v4lue";
        String m = Redacted.in("unexpected end of stream on https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX/..."
                + " for " + url + " (hunter22, v4lue)", url);
        assertFalse(m.contains("XXXXXXXX"), m);
        assertFalse(m.contains("hunter22"), m);
        assertFalse(m.contains("v4lue"), m);
    }
}
