package io.superlance.http;

import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

import java.util.List;

/**
 * The one okhttp client of the process (one connection pool, one set of threads), made on first use.
 * Its TLS side (the platform's trust store, parsed into some 10 MB) is set up only when an https URL
 * is first asked for: most listeners talk plain http to loopback, or no http at all.
 */
public final class HttpClients {
    private static OkHttpClient cleartext;
    private static OkHttpClient tls;

    private HttpClients() {
    }

    /** A client for {@code url}; callers add their own timeouts and redirect rules with {@code newBuilder()}. */
    public static synchronized OkHttpClient forUrl(String url) {
        if (cleartext == null) {
            cleartext = new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                    .socketFactory(new NoDelaySockets()).build();
        }
        if (!url.regionMatches(true, 0, "https:", 0, 6)) {
            return cleartext;
        }
        if (tls == null) {
            OkHttpClient.Builder b = cleartext.newBuilder()
                    .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT));
            TrustedCas.Tls trusted = TrustedCas.current();
            if (trusted != null) {
                b.sslSocketFactory(trusted.socketFactory(), trusted.trustManager()); // host names still verified
            }
            tls = b.build();
        }
        return tls;
    }

    /** Forgets the TLS client: the trusted CAs changed. */
    static synchronized void reset() {
        tls = null;
    }
}
