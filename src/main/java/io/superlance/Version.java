package io.superlance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** This build's version number, from the version.txt resource Maven fills in. */
public final class Version {
    private Version() {
    }

    /** Read once: picocli asks every subcommand for the version while it builds the model. */
    public static String number() {
        return Holder.NUMBER;
    }

    private static final class Holder {
        static final String NUMBER = read();

        private static String read() {
            try (InputStream in = Version.class.getResourceAsStream("/io/superlance/version.txt")) {
                return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
