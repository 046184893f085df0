package io.superlance.http;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The certificate authorities every TLS client of the process trusts (SMTP, the HTTP channels, httpok,
 * heartbeat): the platform's public ones plus those of {@code --ca-file}. Only what is trusted changes:
 * certificates are still checked, and host names too, by each client as before. Set at start, before
 * any client is made.
 */
public final class TrustedCas {
    /** A socket factory and the trust manager behind it, as okhttp wants them together. */
    public record Tls(SSLSocketFactory socketFactory, X509TrustManager trustManager) {
    }

    private static final List<X509Certificate> added = new ArrayList<>();
    private static Tls tls;

    private TrustedCas() {
    }

    /**
     * Trusts the certificates of a PEM file besides the public CAs.
     * @throws IllegalArgumentException naming the file, when it cannot be read or holds no certificate
     */
    public static synchronized void add(Path pem) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + pem + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not a PEM certificate file: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(pem + " holds no certificate");
        }
        for (Certificate c : certs) {
            added.add((X509Certificate) c);
        }
        tls = null;
        HttpClients.reset();
    }

    /** Back to the platform's CAs alone: for tests. */
    static synchronized void clear() {
        added.clear();
        tls = null;
        HttpClients.reset();
    }

    /** The TLS settings with the added CAs; null when none were added (then the platform's defaults apply). */
    public static synchronized Tls current() {
        if (added.isEmpty()) {
            return null;
        }
        if (tls == null) {
            tls = build();
        }
        return tls;
    }

    private static Tls build() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : platform().getAcceptedIssuers()) {
                store.setCertificateEntry("public-" + i++, c);
            }
            for (X509Certificate c : added) {
                store.setCertificateEntry("ca-file-" + i++, c);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            X509TrustManager manager = x509(f.getTrustManagers());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{manager}, null);
            return new Tls(context.getSocketFactory(), manager);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS with --ca-file: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager platform() throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init((KeyStore) null);
        return x509(f.getTrustManagers());
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }
}
