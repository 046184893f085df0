package io.superlance.monitor;

/**
 * The answer to a {@link HttpGet}.
 *
 * @param status -1 when there was no answer; then {@code error} says why
 */
public record HttpResult(String url, int status, String reason, String body, String error) {
    public boolean answered() {
        return status >= 0;
    }
}
