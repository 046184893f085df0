package io.superlance.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "status", addMethodSubcommands = false, sortOptions = false,
        description = {"Show what this host's listeners have pending, firing and done.",
                "Alerts waiting per channel (age, attempts, last error, next attempt), incidents firing, the last event, "
                        + "the last check or ping and its result, restart budgets used.",
                "Reads their spool directories only: safe while they run, and after they died."})
final class StatusCommand {
    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "A listener's spool directory, or a directory holding several. Default: the state directory "
                    + "listeners use ($SUPERLANCE_STATE_DIR, /var/lib/superlance or ~/.local/state/superlance).")
    Path spoolDir;

    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;
}
