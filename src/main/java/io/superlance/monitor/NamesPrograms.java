package io.superlance.monitor;

import io.superlance.protocol.ProcessId;

import java.util.List;

/**
 * A monitor whose options name programs and that reads supervisord's process list: a name matching no
 * process there watches nothing, silently, so {@link ProgramNamesWatch} alerts about it.
 */
public interface NamesPrograms {
    /** Each program or group its options name, in the order given. */
    List<ProgramName> programNames();

    /**
     * One name an option gives.
     *
     * @param option the option as its help writes it, e.g. {@code -p} or {@code --within}
     * @param value  the name: {@code web}, {@code group:web}, {@code group:*}, or a group's name when {@code group}
     * @param group  true for a group's name (memmon's {@code -g})
     */
    record ProgramName(String option, String value, boolean group) {
        /** e.g. {@code -p wbe}: what the operator wrote, without memmon's {@code =SIZE}. */
        public String text() {
            return option + " " + value;
        }

        public boolean matches(ProcessId process) {
            return group ? value.equals(process.group()) : ProgramSelector.of(List.of(value), false).matches(process);
        }
    }
}
