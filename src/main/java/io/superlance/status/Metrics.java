package io.superlance.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' text exposition format, as node_exporter's textfile collector reads it: each metric once,
 * with its HELP and TYPE lines before its samples. Label values are escaped as the format says.
 */
public final class Metrics {
    private record Family(String help, String type, List<String> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** @param labels name, value, name, value... */
    public Metrics gauge(String name, String help, double value, String... labels) {
        return add(name, help, "gauge", value, labels);
    }

    public Metrics counter(String name, String help, double value, String... labels) {
        return add(name, help, "counter", value, labels);
    }

    private Metrics add(String name, String help, String type, double value, String... labels) {
        Family f = families.computeIfAbsent(name, n -> new Family(help, type, new ArrayList<>()));
        StringBuilder b = new StringBuilder(name);
        if (labels.length > 0) {
            b.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                b.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            b.append('}');
        }
        f.samples().add(b.append(' ').append(number(value)).toString());
        return this;
    }

    /** The whole file; ends with a newline, as the format requires. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Family> e : families.entrySet()) {
            b.append("# HELP ").append(e.getKey()).append(' ').append(e.getValue().help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            b.append("# TYPE ").append(e.getKey()).append(' ').append(e.getValue().type()).append('\n');
            for (String s : e.getValue().samples()) {
                b.append(s).append('\n');
            }
        }
        return b.toString();
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
