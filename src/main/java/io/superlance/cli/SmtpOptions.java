package io.superlance.cli;

import io.superlance.alert.mail.SmtpSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** SMTP delivery, the same long options on every command. The password never has to be on the command line. */
public final class SmtpOptions {
    static final String PASSWORD_ENV = "SUPERLANCE_SMTP_PASSWORD";

    @Option(names = "--smtp-host", paramLabel = "HOST[:PORT]",
            description = "Send mail through this SMTP server instead of the sendmail command.")
    String host;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "Log in to the SMTP server as USER.")
    String user;

    @Option(names = "--smtp-password-file", paramLabel = "FILE",
            description = "Read the SMTP password from FILE (first line). Default: $" + PASSWORD_ENV + ".")
    Path passwordFile;

    @Option(names = "--smtp-tls", paramLabel = "MODE", defaultValue = "none",
            description = "none, starttls (required upgrade) or smtps; certificates are checked. Default: ${DEFAULT-VALUE}.")
    String tls;

    @Option(names = "--smtp-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Timeout for connecting and for each SMTP reply. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = "--from", paramLabel = "ADDR", description = "Sender address. Default: superlance@HOSTNAME.")
    String from;

    boolean enabled() {
        return host != null;
    }

    SmtpSettings settings(Map<String, String> env) {
        SmtpSettings.Tls mode = switch (tls.toLowerCase()) {
            case "none" -> SmtpSettings.Tls.NONE;
            case "starttls" -> SmtpSettings.Tls.STARTTLS;
            case "smtps", "ssl", "tls" -> SmtpSettings.Tls.SMTPS;
            default -> throw new ConfigException("--smtp-tls must be none, starttls or smtps, not '" + tls + "'");
        };
        if (timeoutSeconds <= 0) {
            throw new ConfigException("--smtp-timeout must be positive");
        }
        String password = null;
        if (user != null) {
            password = password(env);
        }
        try {
            return SmtpSettings.of(host, mode, user, password, Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--smtp-host: " + e.getMessage());
        }
    }

    private String password(Map<String, String> env) {
        return password(passwordFile, env, "--smtp-user");
    }

    /**
     * The SMTP password from the first line of {@code file}, else from $SUPERLANCE_SMTP_PASSWORD; never
     * from the command line. {@code userOption} names the option that asked for a login, for the error.
     */
    static String password(Path file, Map<String, String> env, String userOption) {
        if (file != null) {
            try {
                String content = Files.readString(file);
                int nl = content.indexOf('\n');
                return (nl < 0 ? content : content.substring(0, nl)).replace("\r", "");
            } catch (IOException e) {
                throw new ConfigException("--smtp-password-file: cannot read " + file + ": " + e.getMessage());
            }
        }
        String fromEnv = env.get(PASSWORD_ENV);
        if (fromEnv == null) {
            throw new ConfigException(userOption + " is set but no password: set $" + PASSWORD_ENV
                    + " or give --smtp-password-file FILE");
        }
        return fromEnv;
    }
}
