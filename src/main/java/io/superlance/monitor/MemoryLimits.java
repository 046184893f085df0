package io.superlance.monitor;

import io.superlance.protocol.ProcessId;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * memmon's limits in bytes: {@code -p NAME=SIZE} (a program name or {@code group:name}), {@code -g GROUP=SIZE},
 * {@code -a SIZE}. The most specific one applies: program, then group, then any.
 *
 * @param any null when {@code -a} is not given
 */
public record MemoryLimits(Map<String, Long> programs, Map<String, Long> groups, Long any) {
    public MemoryLimits {
        programs = Map.copyOf(new LinkedHashMap<>(programs));
        groups = Map.copyOf(new LinkedHashMap<>(groups));
    }

    public boolean isEmpty() {
        return programs.isEmpty() && groups.isEmpty() && any == null;
    }

    /** @return the limit for {@code process} in bytes, or null when none applies */
    public Long limitFor(ProcessId process) {
        Long limit = programs.get(process.qualified());
        if (limit == null) {
            limit = programs.get(process.name());
        }
        if (limit == null) {
            limit = groups.get(process.group());
        }
        return limit != null ? limit : any;
    }
}
