package io.superlance.alert.chat;

/** The clocks a chat channel reads: a monotonic one for its {@link RateLimiter}, the wall clock for signatures. */
public interface Ticker {
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }
    };

    long nanos();

    long millis();
}
