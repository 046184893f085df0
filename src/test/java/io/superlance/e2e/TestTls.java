package io.superlance.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server certificate for 127.0.0.1 and localhost, and a trust store holding it. GreenMail's own
 * certificate names no host, so a client that checks the server's identity (ours does) must refuse
 * it; this one passes that check. GreenMail takes it through its {@code greenmail.tls.keystore.*}
 * properties, the listener through {@code SUPERLANCE_JAVA_OPTS=-Djavax.net.ssl.trustStore=...}.
 */
public final class TestTls {
    public static final String PASSWORD = "changeit";
    private final Path keyStore;
    private final Path trustStore;
    private final Path certificate;

    private TestTls(Path keyStore, Path trustStore, Path certificate) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.certificate = certificate;
    }

    public static TestTls create(Path dir) throws IOException, InterruptedException {
        Path ks = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        Path ts = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "greenmail", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "greenmail", "-keystore", ks.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "test-server", "-file", cert.toString(),
                "-keystore", ts.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return new TestTls(ks, ts, cert);
    }

    /** Makes GreenMail servers started after this call present the certificate. */
    public void installInGreenMail() {
        System.setProperty("greenmail.tls.keystore.file", keyStore.toString());
        System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        System.setProperty("greenmail.tls.key.password", PASSWORD);
    }

    /** The server's (self-signed) certificate as PEM: what --ca-file takes. */
    public Path certificate() {
        return certificate;
    }

    /** For a test server (MockWebServer's useHttps) that presents the certificate. */
    public javax.net.ssl.SSLSocketFactory serverSocketFactory() throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context.getSocketFactory();
    }

    /** For SUPERLANCE_JAVA_OPTS: the listener trusts this certificate (and only it). */
    public String javaOpts() {
        return "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=" + PASSWORD
                + " -Djavax.net.ssl.trustStoreType=PKCS12";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + String.join(" ", cmd) + "\n" + out);
        }
    }
}
