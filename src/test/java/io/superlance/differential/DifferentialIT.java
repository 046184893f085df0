package io.superlance.differential;

import io.superlance.e2e.Supervisord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The same scenarios through Python superlance 2.0.0 and through ours, under the same real supervisord:
 * every difference in what is sent or restarted must be declared in allowed-differences.txt (and so in
 * docs/migrating.md). Python runs live when {@code $SUPERLANCE_PYTHON_SUPERLANCE} names a directory
 * holding its sources (run with /usr/bin/python3 and its supervisor module) or when a virtual environment
 * with it is at {@code target/python-superlance}; otherwise ours is compared with Python's results as
 * recorded here (src/test/resources/differential/python-2.0.0, re-recorded by scripts/record-differential.sh).
 */
class DifferentialIT {
    static final Path RECORDED = Supervisord.basedir().resolve("src/test/resources/differential/python-2.0.0");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // kept on failure: the listeners' logs say why
    Path dir;

    /** Python superlance to run live, or null for the recorded results. */
    static Scenarios.Impl livePython() {
        String sources = System.getenv("SUPERLANCE_PYTHON_SUPERLANCE");
        if (sources != null && !sources.isBlank()) {
            return Scenarios.python("/usr/bin/python3", sources);
        }
        Path venv = Supervisord.basedir().resolve("target/python-superlance/bin/python3");
        return Files.isExecutable(venv) ? Scenarios.python(venv.toString(), null) : null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"crashmail", "batches", "memmon", "httpok", "crashes"})
    void oursDiffersFromPythonOnlyWhereDeclared(String scenario) throws Exception {
        String only = System.getProperty("differential.only", "");
        Assumptions.assumeTrue(only.isEmpty() || List.of(only.split(",")).contains(scenario), "not in -Ddifferential.only");
        Scenarios.Impl python = livePython();
        List<String> theirs;
        List<String> ours;
        Path recorded = RECORDED.resolve(scenario + ".txt");
        if (python != null) {
            // the two run side by side, each under a supervisord of its own: they mostly wait on ticks
            Path pyDir = Files.createDirectories(dir.resolve("python"));
            FutureTask<List<String>> pythons = new FutureTask<>(() -> Scenarios.run(scenario, python, pyDir));
            new Thread(pythons, "python " + scenario).start();
            ours = Scenarios.run(scenario, Scenarios.OURS, Files.createDirectories(dir.resolve("ours")));
            try {
                theirs = pythons.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            if (Boolean.getBoolean("differential.record")) {
                Files.createDirectories(RECORDED);
                Files.writeString(recorded, String.join("\n", theirs) + "\n");
            }
        } else {
            Assumptions.assumeTrue(Files.exists(recorded), "no recorded Python result for " + scenario);
            theirs = Files.readAllLines(recorded);
            ours = Scenarios.run(scenario, Scenarios.OURS, Files.createDirectories(dir.resolve("ours")));
        }
        List<String> undeclared = undeclared(scenario, theirs, ours, AllowList.load());
        if (!undeclared.isEmpty()) {
            fail(scenario + ": differences from Python superlance not in allowed-differences.txt:\n"
                    + String.join("\n", undeclared) + "\n\nPython:\n" + String.join("\n", theirs) + "\n\nours:\n" + String.join("\n", ours));
        }
    }

    /** Lines only one side has ({@code -} Python's, {@code +} ours), counted, that no allowed difference covers. */
    static List<String> undeclared(String scenario, List<String> theirs, List<String> ours, List<AllowList.Entry> allowed) {
        Map<String, Integer> count = new HashMap<>();
        for (String l : theirs) {
            count.merge(l, 1, Integer::sum);
        }
        for (String l : ours) {
            count.merge(l, -1, Integer::sum);
        }
        List<String> diff = new ArrayList<>();
        for (String l : theirs) {
            if (count.getOrDefault(l, 0) > 0) {
                diff.add("- " + l);
                count.merge(l, -1, Integer::sum);
            }
        }
        for (String l : ours) {
            if (count.getOrDefault(l, 0) < 0) {
                diff.add("+ " + l);
                count.merge(l, 1, Integer::sum);
            }
        }
        List<String> undeclared = new ArrayList<>();
        for (String d : diff) {
            if (allowed.stream().noneMatch(e -> e.covers(scenario, d))) {
                undeclared.add(d);
            }
        }
        return undeclared;
    }

}
