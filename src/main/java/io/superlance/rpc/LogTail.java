package io.superlance.rpc;

/**
 * What {@code supervisor.tailProcessStderrLog} / {@code tailProcessStdoutLog} answer: the end of a
 * program's log.
 *
 * @param text     the bytes read, as text
 * @param offset   the log's size: where a next read would start
 * @param overflow true when the log holds more than was read (the text then starts mid-line)
 */
public record LogTail(String text, long offset, boolean overflow) {
}
