package io.superlance.monitor;

/**
 * supervisord's process list could not be read.
 *
 * @param url   SUPERVISOR_SERVER_URL, its secrets masked
 * @param error why, in one line, its secrets masked
 */
public record RpcFailure(String url, String error) {
}
