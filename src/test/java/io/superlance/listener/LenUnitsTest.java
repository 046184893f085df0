package io.superlance.listener;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LenUnitsTest {
    /** A command name may hold spaces and parentheses: the fields after it are counted from its last ")". */
    @Test
    void theParentPidIsReadFromTheStatLine_whateverTheCommandIsCalled() {
        assertEquals(812, LenUnits.parentPid("4711 (python3) S 812 4711 812 0 -1 4194560 1234 0 0 0"));
        assertEquals(1, LenUnits.parentPid("99 (my (odd) prog) R 1 99 99 0 -1 0 0 0"));
    }

    /** What this JVM reads as its parent's program is what the JDK's process API says it is. */
    @Test
    void theParentsProgramIsThePathItRuns() throws Exception {
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        assertEquals(Files.readSymbolicLink(Path.of("/proc", Long.toString(parent), "exe")).toString(), LenUnits.parentPython());
    }
}
