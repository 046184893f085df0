package io.superlance.testing;

import io.superlance.alert.chat.Ticker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' one clock, moved by the test: a stand-in's rate windows and the channel and delivery queue
 * talking to it, a monitor runtime's windows and timers; a minute of a robot's budget passes in no time.
 */
public final class VirtualClock extends Clock implements Ticker {
    private final AtomicLong millis;

    public VirtualClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    public VirtualClock() {
        this(Instant.parse("2026-12-01T08:00:00Z"));
    }

    public VirtualClock set(Instant t) {
        millis.set(t.toEpochMilli());
        return this;
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public long nanos() {
        return millis.get() * 1_000_000L;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
