package io.superlance.monitor;

import java.time.Duration;

/** A GET of {@code url} a check does; connection refused is retried until {@code timeout}. */
public record HttpGet(String url, Duration timeout) {
}
