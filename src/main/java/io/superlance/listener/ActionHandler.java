package io.superlance.listener;

import io.superlance.monitor.Action;
import io.superlance.monitor.Monitor;

/** Carries out a monitor's action without blocking the event loop. */
@FunctionalInterface
public interface ActionHandler {
    void handle(Monitor from, Action action);
}
