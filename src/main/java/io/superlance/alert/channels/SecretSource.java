package io.superlance.alert.channels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where one secret (a token, a key, a password, a URL that embeds one) comes from, in this order: the
 * value given on the command line (kept for compatibility only: {@code ps} shows it to every user), the
 * first line of a file, an environment variable. The convention for option names: {@code --NAME VALUE},
 * {@code --NAME-file FILE}, {@code $SUPERLANCE_NAME} (upper case, dashes as underscores).
 *
 * @param option what names it in an error, e.g. {@code --telegram-token}
 * @param value  as given on the command line, or null
 * @param file   a file whose first line is the secret, or null
 * @param env    the environment variable to look in, or null
 */
public record SecretSource(String option, String value, Path file, String env) {

    /** The environment variable for an option by the convention: {@code --wecom-url} gives {@code SUPERLANCE_WECOM_URL}. */
    public static String envName(String option) {
        return "SUPERLANCE_" + option.replaceFirst("^-+", "").replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /** A source that follows the naming convention for {@code option}. */
    public static SecretSource of(String option, String value, Path file) {
        return new SecretSource(option, value, file, envName(option));
    }

    /** True when a value or a file was given; the environment is not looked at. */
    public boolean given() {
        return value != null || file != null;
    }

    /**
     * The secret, stripped of surrounding white space, or null when none of the three has one.
     *
     * @throws Channels.SetupException for a file that cannot be read or is empty: a secret the operator
     *                                 pointed at must be there
     */
    public String read(Map<String, String> environment) throws Channels.SetupException {
        if (value != null && !value.isBlank()) {
            return value.strip();
        }
        if (file != null) {
            String line;
            try {
                String content = Files.readString(file);
                int nl = content.indexOf('\n');
                line = (nl < 0 ? content : content.substring(0, nl)).strip();
            } catch (IOException e) {
                throw new Channels.SetupException(option + "-file: cannot read " + file + ": " + e.getMessage());
            }
            if (line.isEmpty()) {
                throw new Channels.SetupException(option + "-file: " + file + " is empty");
            }
            return line;
        }
        if (env != null) {
            String v = environment.get(env);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    /** Like {@link #read} but a missing secret is an error naming the three places it may come from. */
    public String require(Map<String, String> environment) throws Channels.SetupException {
        String s = read(environment);
        if (s == null) {
            throw new Channels.SetupException(option + " needs a value: give " + option + "-file FILE"
                    + (env != null ? " or set $" + env : ""));
        }
        return s;
    }
}
