package io.superlance.alert.alertmanager;

import io.superlance.alert.Alert;

import java.time.Instant;
import java.util.Map;

/** The labels AlertmanagerChannel posts, for tests outside its package. */
public final class AlertmanagerChannelTestAccess {
    private AlertmanagerChannelTestAccess() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> labels(Alert a) {
        return (Map<String, Object>) AlertmanagerChannel.document(a, "h", Instant.EPOCH).get("labels");
    }
}
