package io.superlance.monitor;

import io.superlance.protocol.ProcessId;

import java.util.List;

/**
 * Which programs a monitor watches, from {@code -p} and {@code -a}. A pattern is {@code name} (that
 * process in any group), {@code group:name}, or {@code group:*} (every process of the group).
 */
public final class ProgramSelector {
    private final List<String> patterns;
    private final boolean any;

    private ProgramSelector(List<String> patterns, boolean any) {
        this.patterns = List.copyOf(patterns);
        this.any = any;
    }

    public static ProgramSelector of(List<String> patterns, boolean any) {
        return new ProgramSelector(patterns, any);
    }

    public static ProgramSelector all() {
        return new ProgramSelector(List.of(), true);
    }

    public boolean any() {
        return any;
    }

    public List<String> patterns() {
        return patterns;
    }

    /** The names {@code option} gave, for {@link ProgramNamesWatch}; none when it selects any program. */
    public List<NamesPrograms.ProgramName> names(String option) {
        return any ? List.of() : patterns.stream().map(p -> new NamesPrograms.ProgramName(option, p, false)).toList();
    }

    public boolean matches(ProcessId process) {
        if (any) {
            return true;
        }
        for (String p : patterns) {
            int colon = p.indexOf(':');
            if (colon < 0) {
                if (p.equals(process.name())) {
                    return true;
                }
            } else {
                String group = p.substring(0, colon);
                String name = p.substring(colon + 1);
                if (group.equals(process.group()) && (name.equals("*") || name.equals(process.name()))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return any ? "any program" : String.join(", ", patterns);
    }
}
