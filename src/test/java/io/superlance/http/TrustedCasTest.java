package io.superlance.http;

import io.superlance.alert.DeliveryException;
import io.superlance.alert.TestAlerts;
import io.superlance.alert.mail.MailChannel;
import io.superlance.alert.mail.MailComposer;
import io.superlance.alert.mail.SmtpSettings;
import io.superlance.alert.mail.SmtpTransport;
import io.superlance.e2e.MailSink;
import io.superlance.e2e.StartTlsFront;
import io.superlance.e2e.TestTls;
import jakarta.mail.internet.InternetAddress;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --ca-file: a private CA trusted by the HTTP clients and SMTP, public CAs kept, host names still checked. */
class TrustedCasTest {
    @TempDir
    static Path dir;
    static TestTls tls;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.create(dir);
    }

    @AfterEach
    void forget() {
        TrustedCas.clear();
    }

    private static MockWebServer httpsServer() throws IOException {
        MockWebServer server = new MockWebServer();
        try {
            server.useHttps(tls.serverSocketFactory(), false);
        } catch (Exception e) {
            throw new IOException(e);
        }
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        return server;
    }

    private static int get(OkHttpClient client, String url) throws IOException {
        try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
            return r.code();
        }
    }

    @Test
    void anHttpsServerWithAPrivateCaIsTrustedOnlyWithTheCaFile_andItsHostNameStillChecked() throws Exception {
        try (MockWebServer server = httpsServer()) {
            for (int i = 0; i < 3; i++) {
                server.enqueue(new MockResponse().setResponseCode(204));
            }
            String url = "https://127.0.0.1:" + server.getPort() + "/";
            assertThrows(SSLException.class, () -> get(HttpClients.forUrl(url), url), "not trusted without --ca-file");

            TrustedCas.add(tls.certificate());
            assertEquals(204, get(HttpClients.forUrl(url), url));

            OkHttpClient wrongName = HttpClients.forUrl(url).newBuilder()
                    .dns(host -> List.of(InetAddress.getByName("127.0.0.1"))).build();
            String other = "https://wrong.example:" + server.getPort() + "/";
            assertThrows(SSLException.class, () -> get(wrongName, other), "the certificate names 127.0.0.1 and localhost only");
        }
    }

    @Test
    void thePublicCasStayTrusted() throws Exception {
        TrustedCas.add(tls.certificate());
        X509Certificate[] issuers = TrustedCas.current().trustManager().getAcceptedIssuers();
        assertTrue(issuers.length > 10, "the platform's CAs and ours: " + issuers.length);
        assertTrue(List.of(issuers).stream().anyMatch(c -> c.getSubjectX500Principal().getName().contains("CN=localhost")));
    }

    @Test
    void smtpsWithAPrivateCaDeliversWithTheCaFile() throws Exception {
        tls.installInGreenMail();
        try (MailSink sink = MailSink.smtps()) {
            SmtpSettings s = SmtpSettings.of("127.0.0.1:" + sink.port(), SmtpSettings.Tls.SMTPS, null, null, Duration.ofSeconds(10));
            MailComposer composer = new MailComposer(List.of(new InternetAddress("ops@example.com")),
                    new InternetAddress("alerts@example.com"), "host");
            DeliveryException refused = assertThrows(DeliveryException.class,
                    () -> new MailChannel(composer, new SmtpTransport(s)).send(TestAlerts.crash("g", "a", 1)));
            assertTrue(refused.getMessage().contains("SMTP"), refused.getMessage());

            TrustedCas.add(tls.certificate());
            new MailChannel(composer, new SmtpTransport(s)).send(TestAlerts.crash("g", "a", 1));
            assertTrue(sink.await(1, Duration.ofSeconds(10)));
        }
    }

    @Test
    void starttlsWithAPrivateCaDeliversWithTheCaFile() throws Exception {
        try (MailSink sink = MailSink.smtp();
             StartTlsFront front = new StartTlsFront(dir.resolve("server.p12"), TestTls.PASSWORD, sink.port())) {
            SmtpSettings s = SmtpSettings.of("127.0.0.1:" + front.port(), SmtpSettings.Tls.STARTTLS, null, null, Duration.ofSeconds(10));
            MailComposer composer = new MailComposer(List.of(new InternetAddress("ops@example.com")),
                    new InternetAddress("alerts@example.com"), "host");
            assertThrows(DeliveryException.class,
                    () -> new MailChannel(composer, new SmtpTransport(s)).send(TestAlerts.crash("g", "a", 1)));
            TrustedCas.add(tls.certificate());
            new MailChannel(composer, new SmtpTransport(s)).send(TestAlerts.crash("g", "a", 1));
            assertTrue(sink.await(1, Duration.ofSeconds(10)));
        }
    }

    @Test
    void aFileWithoutACertificateIsRefusedNamingIt() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        String m = assertThrows(IllegalArgumentException.class, () -> TrustedCas.add(junk)).getMessage();
        assertTrue(m.contains(junk.toString()), m);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustedCas.add(dir.resolve("none.pem")))
                .getMessage().startsWith("cannot read"));
    }
}
