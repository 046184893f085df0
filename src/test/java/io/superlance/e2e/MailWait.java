package io.superlance.e2e;

import com.icegreen.greenmail.util.GreenMailProxy;
import com.icegreen.greenmail.util.GreenMail;

/**
 * Waits until GreenMail holds {@code count} messages in all (each recipient's copy counts). (GreenMail's own waitForIncomingEmail
 * counts only mail that arrives after the call, so a fast delivery makes it wait for nothing.)
 */
final class MailWait {
    private MailWait() {
    }

    static boolean await(GreenMail mail, long millis, int count) throws InterruptedException {
        return await(() -> mail.getReceivedMessages().length, count, millis);
    }

    static boolean await(GreenMailProxy mail, long millis, int count) throws InterruptedException {
        return await(() -> mail.getReceivedMessages().length, count, millis);
    }

    private static boolean await(java.util.function.IntSupplier received, int count, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (received.getAsInt() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
