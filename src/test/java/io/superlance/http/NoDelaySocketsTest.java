package io.superlance.http;

import org.junit.jupiter.api.Test;

import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's sockets send small writes at once. Without TCP_NODELAY a POST's body waited for the
 * server's delayed acknowledgement of its headers: the property test's 2,000 webhook posts took 36 s
 * instead of 9.
 */
class NoDelaySocketsTest {
    @Test
    void theClientsSocketsHaveTcpNoDelay_plainAndTls() throws Exception {
        for (String url : new String[] {"http://127.0.0.1/hook", "https://hooks.example/x"}) {
            try (Socket s = HttpClients.forUrl(url).socketFactory().createSocket()) {
                assertTrue(s.getTcpNoDelay(), url);
            }
        }
    }
}
