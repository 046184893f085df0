package io.superlance.monitor;

import io.superlance.json.Json;
import java.util.List;
import java.util.Map;

/**
 * {@code --json PATH OP NUMBER}, e.g. {@code CHANNEL.ch-1.ChannelFillPercentage<80}: the value at a dotted
 * path of a JSON answer compared with a number. Keys may themselves hold dots (Flume's
 * {@code "CHANNEL.ch-1"}): the longest key that matches wins. A numeric string counts as its number.
 */
public record JsonCheck(String path, String op, double threshold, String text) {
    private static final List<String> OPS = List.of("<=", ">=", "==", "!=", "<", ">");

    public static JsonCheck parse(String text) {
        int at = -1;
        for (int i = 0; i < text.length() && at < 0; i++) {
            if ("<>=!".indexOf(text.charAt(i)) >= 0) {
                at = i;
            }
        }
        if (at <= 0) {
            throw new IllegalArgumentException("'" + text + "': expected PATH<NUMBER (or <=, >, >=, ==, !=)");
        }
        String op = null;
        for (String o : OPS) {
            if (text.startsWith(o, at)) {
                op = o;
                break;
            }
        }
        if (op == null) {
            throw new IllegalArgumentException("'" + text + "': unknown comparison (use <, <=, >, >=, == or !=)");
        }
        String path = text.substring(0, at).strip();
        String number = text.substring(at + op.length()).strip();
        double threshold;
        try {
            threshold = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': '" + number + "' is not a number");
        }
        return new JsonCheck(path, op, threshold, text.strip());
    }

    /** @return null when the document passes, else why not, in one line */
    public String failure(Object document) {
        Object value = find(document, path.split("\\.", -1), 0);
        if (value == MISSING) {
            return path + " not found (expected " + op + " " + number(threshold) + ")";
        }
        double v;
        if (value instanceof Number n) {
            v = n.doubleValue();
        } else if (value instanceof String str) {
            try {
                v = Double.parseDouble(str.strip());
            } catch (NumberFormatException e) {
                return path + " is '" + str + "', not a number";
            }
        } else {
            return path + " is " + value + ", not a number";
        }
        boolean ok = switch (op) {
            case "<" -> v < threshold;
            case "<=" -> v <= threshold;
            case ">" -> v > threshold;
            case ">=" -> v >= threshold;
            case "==" -> v == threshold;
            default -> v != threshold;
        };
        return ok ? null : path + " is " + number(v) + ", expected " + op + " " + number(threshold);
    }

    /** Parses a JSON text for {@link #failure}; throws IllegalArgumentException when it is not JSON. */
    public static Object document(String json) {
        return Json.parse(json);
    }

    private static final Object MISSING = new Object();

    private static Object find(Object node, String[] parts, int from) {
        if (from == parts.length) {
            return node;
        }
        if (node instanceof Map<?, ?> map) {
            for (int to = parts.length; to > from; to--) {
                String key = String.join(".", java.util.Arrays.copyOfRange(parts, from, to));
                if (map.containsKey(key)) {
                    Object found = find(map.get(key), parts, to);
                    if (found != MISSING) {
                        return found;
                    }
                }
            }
        } else if (node instanceof List<?> list) {
            try {
                int index = Integer.parseInt(parts[from]);
                if (index >= 0 && index < list.size()) {
                    return find(list.get(index), parts, from + 1);
                }
            } catch (NumberFormatException e) {
                return MISSING;
            }
        }
        return MISSING;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
