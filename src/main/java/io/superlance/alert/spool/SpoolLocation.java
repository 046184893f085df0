package io.superlance.alert.spool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a listener keeps its spool when {@code --spool-dir} is not given: a directory named after the
 * listener ({@code SUPERVISOR_PROCESS_NAME}) under the first usable state directory of
 * {@code $SUPERLANCE_STATE_DIR}, {@code /var/lib/superlance} (when writable, as for root) and
 * {@code ${XDG_STATE_HOME:-~/.local/state}/superlance}.
 */
public final class SpoolLocation {
    static final Path SYSTEM = Path.of("/var/lib/superlance");

    private SpoolLocation() {
    }

    public static Path defaultDir(Map<String, String> env) {
        return stateDir(env).resolve(listenerName(env));
    }

    /** The directory under which each listener has its own; {@code superlance status} looks there. */
    public static Path stateDir(Map<String, String> env) {
        String explicit = env.get("SUPERLANCE_STATE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        if (Files.isDirectory(SYSTEM) ? Files.isWritable(SYSTEM) : Files.isWritable(SYSTEM.getParent())) {
            return SYSTEM;
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        return base.resolve("superlance");
    }

    /** The listener's name as supervisord knows it, made safe as one path element. */
    static String listenerName(Map<String, String> env) {
        String name = env.getOrDefault("SUPERVISOR_PROCESS_NAME", "");
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        String s = b.toString();
        return s.isEmpty() || s.chars().allMatch(c -> c == '.') ? "listener" : s;
    }
}
