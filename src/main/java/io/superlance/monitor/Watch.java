package io.superlance.monitor;

import java.util.List;
import java.util.Map;

/**
 * What the listener's own watches over a monitor (its ticks, the program names of its options, supervisord
 * answering) share: their incidents, counted for the metrics and kept in the monitor's journal beside its own.
 */
public abstract class Watch implements KeepsState {
    protected final Incidents incidents;

    Watch(Incidents incidents) {
        this.incidents = incidents;
    }

    /** Its incidents that fired and have not resolved, for the metrics. */
    public int firing() {
        return incidents.firingCount();
    }

    @Override
    public Map<String, String> state() {
        return incidents.state();
    }

    @Override
    public List<String> restore(Map<String, String> state) {
        return incidents.restore(state);
    }
}
