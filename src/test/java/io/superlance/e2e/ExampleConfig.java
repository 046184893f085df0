package io.superlance.e2e;

import java.io.IOException;
import java.nio.file.Files;

/** supervisord.conf.example with the launcher's path and the listener's delivery options filled in. */
public final class ExampleConfig {
    private ExampleConfig() {
    }

    /** @param deliveryOptions appended after {@code -m ops@example.com}, e.g. {@code --smtp-host 127.0.0.1:3025} */
    public static String with(String deliveryOptions) throws IOException {
        String text = Files.readString(Supervisord.basedir().resolve("supervisord.conf.example"));
        String original = "/opt/superlance/bin/superlance crashmail -a -m ops@example.com";
        if (!text.contains(original)) {
            throw new IllegalStateException("supervisord.conf.example no longer has: " + original);
        }
        return text.replace(original, Supervisord.launcher() + " crashmail -a -m ops@example.com " + deliveryOptions);
    }
}
