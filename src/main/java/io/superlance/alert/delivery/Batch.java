package io.superlance.alert.delivery;

import io.superlance.alert.Alert;
import io.superlance.alert.spool.SpoolEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * What a lane sends in one go: groups of spool entries, each group folded into one alert.
 *
 * @param notShown alerts the full spool could not keep, counted in the first alert's body
 */
record Batch(List<List<SpoolEntry>> groups, List<Alert> alerts, long notShown) {
    List<SpoolEntry> entries() {
        List<SpoolEntry> all = new ArrayList<>();
        groups.forEach(all::addAll);
        return all;
    }

    String ids() {
        StringBuilder b = new StringBuilder();
        for (SpoolEntry e : entries()) {
            b.append(b.length() == 0 ? "" : ", ").append(e.alert().id());
        }
        return b.toString();
    }
}
