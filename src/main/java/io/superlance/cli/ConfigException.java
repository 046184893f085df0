package io.superlance.cli;

/** A setting cannot be used as given; reported in one line, exit status 2. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
