package io.superlance.bench;

import io.superlance.e2e.Supervisord;
import io.superlance.e2e.SupervisordConfig;
import io.superlance.listener.FakeOperations;
import io.superlance.monitor.Action;
import io.superlance.monitor.MemMonitor;
import io.superlance.monitor.MemoryLimits;
import io.superlance.monitor.RestartBudget;
import io.superlance.proc.ProcessTable;
import io.superlance.proc.ProcessTree;
import io.superlance.rpc.ProcessInfo;
import io.superlance.rpc.SupervisorClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Time of one memmon tick (supervisor.getAllProcessInfo over the unix socket, one /proc pass, the
 * decision) with N supervised processes under a real supervisord, next to what Python superlance's
 * memmon does per tick: one {@code ps -orss= -p PID} per process. Measured in this JVM with the
 * listener's own classes (not through the image), after 50 warm-up ticks.
 */
final class MemmonTickBench {
    private MemmonTickBench() {
    }

    record Result(int supervised, int machineProcesses, int rounds, double rpcMs, double procMs, double decideMs,
                  double decideCumulativeMs, double totalMs, double totalP90Ms, double psPerTickMs) {
    }

    static Result run(int n, int rounds, Path dir) throws Exception {
        SupervisordConfig config = SupervisordConfig.base().program("worker", "/bin/sleep 86400",
                "process_name=%(program_name)s_%(process_num)03d", "numprocs=" + n, "startsecs=0",
                "stdout_logfile=NONE", "stderr_logfile=NONE");
        try (Supervisord s = Supervisord.start(dir, config)) {
            SupervisorClient rpc = SupervisorClient.of(s.socketUrl(), null, null, Duration.ofSeconds(10), Duration.ofSeconds(60));
            awaitRunning(rpc, n);
            ProcessTable table = ProcessTable.system();
            MemMonitor plain = memmon(false);
            MemMonitor cumulative = memmon(true);

            long[] rpcNs = new long[rounds];
            long[] procNs = new long[rounds];
            long[] decideNs = new long[rounds];
            long[] decideCNs = new long[rounds];
            long[] totalNs = new long[rounds];
            int processes = 0;
            for (int warm = 0; warm < 50; warm++) {
                tick(rpc, table, plain);
            }
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                List<ProcessInfo> infos = rpc.getAllProcessInfo();
                long t1 = System.nanoTime();
                ProcessTree tree = table.read();
                long t2 = System.nanoTime();
                FakeOperations facts = new FakeOperations().processes(infos).memory(tree);
                List<Action> actions = facts.check(plain, Instant.now());
                long t3 = System.nanoTime();
                facts.check(cumulative, Instant.now());
                long t4 = System.nanoTime();
                // the round's own verdict (for status and metrics) is expected; a restart or an alert is not
                if (actions.stream().anyMatch(a -> !(a instanceof Action.CheckResult))) {
                    throw new IllegalStateException("nothing should be over 1GB: " + actions);
                }
                rpcNs[i] = t1 - t0;
                procNs[i] = t2 - t1;
                decideNs[i] = t3 - t2;
                decideCNs[i] = t4 - t3;
                totalNs[i] = t3 - t0;
                processes = tree.size();
            }

            List<ProcessInfo> infos = rpc.getAllProcessInfo();
            long p0 = System.nanoTime();
            for (ProcessInfo info : infos) {
                Process p = new ProcessBuilder("ps", "-orss=", "-p", Integer.toString(info.pid()))
                        .redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                p.waitFor();
            }
            long psNs = System.nanoTime() - p0;

            return new Result(infos.size(), processes, rounds, median(rpcNs), median(procNs), median(decideNs),
                    median(decideCNs), median(totalNs), p90(totalNs), psNs / 1e6);
        }
    }

    private static MemMonitor memmon(boolean cumulative) {
        return new MemMonitor(new MemoryLimits(Map.of(), Map.of(), 1024L * 1024 * 1024), cumulative, null, null, 1,
                new RestartBudget(null), null);
    }

    private static void tick(SupervisorClient rpc, ProcessTable table, MemMonitor m) throws Exception {
        new FakeOperations().processes(rpc.getAllProcessInfo()).memory(table.read()).check(m, Instant.now());
    }

    private static void awaitRunning(SupervisorClient rpc, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long running = rpc.getAllProcessInfo().stream().filter(ProcessInfo::running).count();
            if (running == n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(n + " processes did not all reach RUNNING");
    }

    private static double median(long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static double p90(long[] ns) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        return sorted[(int) (sorted.length * 0.9)] / 1e6;
    }
}
