package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.Channel;
import io.superlance.alert.DeliveryException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what it gets; can hang until released, fail a number of times, or refuse for good. */
class TestChannel implements Channel {
    final String name;
    final List<List<Alert>> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile int failFirst;
    volatile boolean refuse;
    /** Fails every attempt (retryably) while true: an outage. */
    volatile boolean down;
    volatile boolean folds;
    volatile boolean takesResolved = true;

    TestChannel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert) throws DeliveryException {
        sendAll(List.of(alert));
    }

    @Override
    public boolean foldsAlerts() {
        return folds;
    }

    @Override
    public boolean accepts(Alert alert) {
        return takesResolved || !alert.resolved();
    }

    @Override
    public void sendAll(List<Alert> alerts) throws DeliveryException {
        int n = calls.incrementAndGet();
        try {
            gate.await();
        } catch (InterruptedException e) {
            throw new DeliveryException("interrupted", true);
        }
        if (refuse) {
            throw new DeliveryException("550 no such user", false);
        }
        if (down) {
            throw new DeliveryException("connection refused (down)", true);
        }
        if (n <= failFirst) {
            throw new DeliveryException("connection refused", true);
        }
        messages.add(List.copyOf(alerts));
    }

    List<Alert> alerts() {
        List<Alert> all = new ArrayList<>();
        messages.forEach(all::addAll);
        return all;
    }
}
