package io.superlance.alert.standin;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.DeliveryException;
import io.superlance.alert.webhook.HttpPoster;
import io.superlance.alert.webhook.WebhookChannel;
import io.superlance.testing.VirtualClock;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WebhookAndSmsStandInTest {
    private final VirtualClock clock = new VirtualClock();

    @Test
    void theWebhookReceiverTakesTheDocumentAndRefusesAnythingElse() throws Exception {
        try (WebhookStandIn hook = (WebhookStandIn) new WebhookStandIn(clock, "/hook").start()) {
            new WebhookChannel(hook.hookUrl(), "web1", new HttpPoster(Duration.ofSeconds(5)))
                    .send(Alert.of("crashmail", AlertKind.PROCESS_CRASHED, clock.instant()).subject("web 😀 crashed").body("故障").build());
            assertEquals(1, hook.accepted().size(), hook.refused().toString());
            assertEquals("web 😀 crashed\n故障", hook.accepted().get(0).text());
            assertEquals(400, Raw.post(hook.hookUrl(), "{\"schema\":\"superlance.alert.v1\"}").status());
            assertEquals(400, Raw.post(hook.hookUrl(), Raw.notUtf8("{\"a\":\"", "\"}")).status());
            assertEquals(413, Raw.post(hook.hookUrl(), new byte[WebhookStandIn.MAX_BODY_BYTES + 1]).status());
            assertEquals(1, hook.accepted().size());
        }
    }

    @Test
    void anSmsIsOneSegment_160GsmCharactersOr70Ucs2Units() throws Exception {
        assertNull(SmsGatewayStandIn.overOneSegment("a".repeat(160)));
        assertEquals("message too long for one SMS: 161 GSM characters (at most 160)", SmsGatewayStandIn.overOneSegment("a".repeat(161)));
        assertNull(SmsGatewayStandIn.overOneSegment("[" + "a".repeat(158)));
        assertEquals("message too long for one SMS: 161 GSM characters (at most 160)", SmsGatewayStandIn.overOneSegment("[" + "a".repeat(159)),
                "an extension character counts two");
        assertNull(SmsGatewayStandIn.overOneSegment("故".repeat(70)));
        assertEquals("message too long for one SMS: 71 UCS-2 units (at most 70 outside the GSM alphabet)",
                SmsGatewayStandIn.overOneSegment("😀".repeat(35) + "a"));

        SmsGatewayStandIn gateway = new SmsGatewayStandIn();
        MimeMessage m = new MimeMessage(gateway.session());
        m.setText("故".repeat(71), "UTF-8");
        assertThrows(DeliveryException.class, () -> gateway.deliver(m));
        MimeMessage ok = new MimeMessage(gateway.session());
        ok.setText("web crashed", "UTF-8");
        gateway.deliver(ok);
        assertEquals(1, gateway.accepted().size());
    }
}
