package io.superlance.cli;

import io.superlance.alert.silence.Silence;
import io.superlance.alert.silence.SilenceAdmin;
import io.superlance.alert.silence.SilenceStore;
import io.superlance.alert.spool.SpoolLocation;
import io.superlance.log.Log;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(name = "silence", addMethodSubcommands = false, sortOptions = false,
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Remove.class,
                SilenceCommand.Extend.class},
        description = {"Hold back alerts about the programs named during a maintenance window.",
                "Each listener of the host notices within a second; with --pause-actions memmon and httpok",
                "do not restart them either. An incident still firing when the silence ends is sent then."})
final class SilenceCommand {

    /** --state-dir, shared by the subcommands. */
    static final class StateDirOption {
        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The host's state directory, where the listeners keep their spools and read silences.json. "
                        + "Default: the listeners' ($SUPERLANCE_STATE_DIR, /var/lib/superlance or ~/.local/state/superlance).")
        Path stateDir;
    }

    @Command(name = "add", addMethodSubcommands = false, sortOptions = false,
            description = {"Add a silence and print its id.",
                    "  superlance silence add --program web --for 15m --pause-actions --reason deploy"})
    static final class Add {
        @Option(names = "--program", paramLabel = "NAME",
                description = "A program to silence: NAME (in any group), GROUP:NAME or GROUP:*. Repeatable.")
        List<String> programs = new ArrayList<>();

        @Option(names = "--all", description = "Every program, and alerts about none. Needs --reason.")
        boolean all;

        @Option(names = "--monitor", paramLabel = "COMMAND",
                description = "Only the alerts of this command (crashmail, memmon, httpok, heartbeat, logmon, ...). Repeatable. "
                        + "Default: every one. Naming it also silences its listener's own watches (TickMissing, "
                        + "SupervisorUnreachable, NoSuchProgram), which are otherwise never silenced.")
        List<String> monitors = new ArrayList<>();

        @Option(names = "--kind", paramLabel = "KIND",
                description = "Only alerts of this kind (ProcessCrashed, HttpBadStatus, ProgramDown, ...). Repeatable. Default: every one.")
        List<String> kinds = new ArrayList<>();

        @Option(names = "--for", paramLabel = "DURATION",
                description = "How long, with its unit: 30s, 15m, 2h, 1h30m, 2d.")
        String forDuration;

        @Option(names = "--until", paramLabel = "TIME",
                description = "Until when: HH:MM (the next one: today, or tomorrow once past), 2026-12-07T18:00 (this host's "
                        + "local time) or 2026-12-07T18:00+01:00. One of --for and --until is needed.")
        String until;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the listeners' log and superlance status.")
        String reason;

        @Option(names = "--pause-actions", description = "Also stop memmon's and httpok's restarts of these programs.")
        boolean pauseActions;

        @Option(names = "--force", description = "Allow a silence longer than 7 days.")
        boolean force;

        @Mixin
        StateDirOption state = new StateDirOption();
    }

    @Command(name = "list", addMethodSubcommands = false, sortOptions = false,
            description = "List the silences in force and those ended within the last hour.")
    static final class ListSilences {
        @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
        boolean json;

        @Mixin
        StateDirOption state = new StateDirOption();
    }

    @Command(name = "remove", addMethodSubcommands = false, sortOptions = false,
            description = "End a silence now: what it withheld and still fires is sent within a second.")
    static final class Remove {
        @Parameters(paramLabel = "ID", description = "The silence's id, as add printed it.")
        String id;

        @Mixin
        StateDirOption state = new StateDirOption();
    }

    @Command(name = "extend", addMethodSubcommands = false, sortOptions = false,
            description = "Move a silence's end later.")
    static final class Extend {
        @Parameters(index = "0", paramLabel = "ID", description = "The silence's id.")
        String id;

        @Parameters(index = "1", paramLabel = "DURATION", description = "How much later, with its unit: 10m, 1h.")
        String by;

        @Option(names = "--force", description = "Allow an end more than 7 days from now.")
        boolean force;

        @Mixin
        StateDirOption state = new StateDirOption();
    }

    /**
     * Runs the subcommand given: the store's work is {@link SilenceAdmin}'s. Bad input is one line on
     * stderr and exit 2; a store that cannot be written exit 1.
     */
    static int execute(CommandLine.ParseResult silence, Map<String, String> env, PrintWriter out, Clock clock) {
        CommandLine.ParseResult sub = silence.subcommand();
        if (sub == null) {
            throw new CommandLine.ParameterException(silence.commandSpec().commandLine(), "name a subcommand: add, list, remove or extend");
        }
        Object command = sub.commandSpec().userObject();
        PrintWriter err = silence.commandSpec().commandLine().getErr();
        String name = "superlance silence " + sub.commandSpec().name();
        StateDirOption state = command instanceof Add a ? a.state : command instanceof ListSilences l ? l.state
                : command instanceof Remove r ? r.state : ((Extend) command).state;
        Path dir = state.stateDir != null ? state.stateDir : SpoolLocation.stateDir(env);
        SilenceStore store = new SilenceStore(dir);
        if (!java.nio.file.Files.isDirectory(dir)) {
            return noStateDirectory(err, name, dir);
        }
        SilenceAdmin admin = new SilenceAdmin(store, clock, SuperlanceCommand.NAMES, CommandNames::nearest,
                SilenceAdmin.author(env));
        try {
            if (command instanceof Add a) {
                Duration d = a.forDuration == null ? null : duration("--for", a.forDuration);
                Silence s = admin.add(new SilenceAdmin.Request(a.programs, a.all, a.monitors, a.kinds, d, a.until, a.reason,
                        a.pauseActions, a.force));
                out.println(s.id());
            } else if (command instanceof ListSilences l) {
                List<Silence> all = admin.list();
                out.print(l.json ? SilenceStore.json(all) + "\n" : SilenceAdmin.table(all, clock.instant(), clock.getZone()));
            } else if (command instanceof Remove r) {
                admin.remove(r.id);
            } else {
                Extend e = (Extend) command;
                Silence s = admin.extend(e.id, duration("DURATION", e.by), e.force);
                out.println(s.id() + " until " + SilenceAdmin.until(s, clock.instant(), clock.getZone()));
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException | ConfigException e) {
            err.println(name + ": " + e.getMessage());
            err.flush();
            return 2;
        } catch (NoSuchFileException e) {
            return noStateDirectory(err, name, dir);
        } catch (IOException e) {
            err.println(name + ": cannot use " + store.file() + ": " + Log.describe(e));
            err.flush();
            return 1;
        }
    }

    private static int noStateDirectory(PrintWriter err, String command, Path dir) {
        err.println(command + ": no state directory " + dir + " (no listener has run here as this user; give --state-dir DIR)");
        err.flush();
        return 2;
    }

    /** The project's duration grammar, a unit required: a bare 20 is 20 what? */
    private static Duration duration(String option, String text) {
        return Durations.inValue(option, text);
    }
}
