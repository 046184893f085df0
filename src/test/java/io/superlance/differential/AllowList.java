package io.superlance.differential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * src/test/resources/differential/allowed-differences.txt: each difference from Python superlance that is
 * deliberate, with its reason, the phrase of the docs/migrating.md bullet that declares it, and the
 * patterns of the differential suite's lines it explains ({@code - } Python's line, {@code + } ours).
 */
final class AllowList {
    record Entry(String id, String readme, String reason, List<String> scenarios, List<Pattern> differs) {
        boolean covers(String scenario, String diffLine) {
            return (scenarios.isEmpty() || scenarios.contains(scenario))
                    && differs.stream().anyMatch(p -> p.matcher(diffLine).matches());
        }
    }

    private AllowList() {
    }

    static List<Entry> load() throws IOException {
        try (InputStream in = AllowList.class.getResourceAsStream("/differential/allowed-differences.txt")) {
            if (in == null) {
                throw new IOException("allowed-differences.txt is not on the test class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String id = null;
        String readme = null;
        String reason = null;
        List<String> scenarios = new ArrayList<>();
        List<Pattern> differs = new ArrayList<>();
        for (String raw : (text + "\n[end]").split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                if (id != null) {
                    if (readme == null || reason == null) {
                        throw new IllegalArgumentException(id + ": needs readme: and reason:");
                    }
                    entries.add(new Entry(id, readme, reason, List.copyOf(scenarios), List.copyOf(differs)));
                }
                id = line.substring(1, line.length() - 1);
                readme = null;
                reason = null;
                scenarios.clear();
                differs.clear();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0 || id == null) {
                throw new IllegalArgumentException("not key: value in an entry: " + line);
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "readme" -> readme = value;
                case "reason" -> reason = reason == null ? value : reason + " " + value;
                case "scenario" -> scenarios.add(value);
                case "differs" -> differs.add(Pattern.compile(value));
                default -> throw new IllegalArgumentException(id + ": unknown key " + key);
            }
        }
        return entries;
    }
}
