package io.superlance.e2e;

import io.superlance.rpc.ProcessInfo;
import io.superlance.rpc.RpcException;
import io.superlance.rpc.RpcFault;
import io.superlance.rpc.SupervisorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The XML-RPC client against a real supervisord, over an auth-protected unix socket and over HTTP. */
class RpcClientIT {
    @TempDir
    Path dir;

    private static SupervisordConfig config(int port) {
        return SupervisordConfig.auth("ops", "s3cret", port)
                .program("sleeper", "/bin/sleep 86400", "startsecs=1", "stopwaitsecs=2");
    }

    @Test
    void unixSocketWithAuth_listsStopsAndStartsProcesses_andNamesFaults() throws Exception {
        try (Supervisord s = Supervisord.start(dir, config(Ports.free()))) {
            s.awaitState("sleeper", "RUNNING", Duration.ofSeconds(10));
            SupervisorClient rpc = SupervisorClient.of(s.socketUrl(), "ops", "s3cret", Duration.ofSeconds(5), Duration.ofSeconds(30));

            assertEquals("RUNNING", rpc.getState());
            List<ProcessInfo> all = rpc.getAllProcessInfo();
            assertEquals(1, all.size());
            ProcessInfo info = all.get(0);
            assertEquals("sleeper", info.name());
            assertEquals("sleeper", info.group());
            assertTrue(info.running());
            assertEquals(s.pid("sleeper"), info.pid());
            assertTrue(info.now() >= info.start() && info.start() > 0);

            int before = info.pid();
            assertTrue(rpc.stopProcess("sleeper", true));
            assertEquals("STOPPED", s.state("sleeper"));
            RpcFault notRunning = assertThrows(RpcFault.class, () -> rpc.stopProcess("sleeper", true));
            assertEquals("NOT_RUNNING", notRunning.faultName());
            assertTrue(rpc.startProcess("sleeper", true));
            assertNotEquals(before, rpc.getProcessInfo("sleeper").pid());

            RpcFault badName = assertThrows(RpcFault.class, () -> rpc.getProcessInfo("nosuch"));
            assertEquals(RpcFault.BAD_NAME, badName.code());
            assertEquals("supervisor.getProcessInfo(nosuch) failed: BAD_NAME: nosuch", badName.getMessage());
        }
    }

    @Test
    void httpWithAuth_works_andWrongPasswordOrMissingUserIsAClearError() throws Exception {
        int port = Ports.free();
        try (Supervisord s = Supervisord.start(dir, config(port))) {
            String url = "http://127.0.0.1:" + port;
            SupervisorClient rpc = SupervisorClient.of(url, "ops", "s3cret", Duration.ofSeconds(5), Duration.ofSeconds(30));
            assertEquals("sleeper", rpc.getProcessInfo("sleeper").name());

            SupervisorClient wrong = SupervisorClient.of(url, "ops", "wrong", Duration.ofSeconds(5), Duration.ofSeconds(30));
            RpcException e = assertThrows(RpcException.class, wrong::getAllProcessInfo);
            assertFalse(e instanceof RpcFault);
            assertTrue(e.getMessage().contains("refused our credentials (HTTP 401"), e.getMessage());
            assertTrue(e.getMessage().contains("SUPERVISOR_PASSWORD"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));

            SupervisorClient unixWrong = SupervisorClient.of(s.socketUrl(), "ops", "nope", Duration.ofSeconds(5), Duration.ofSeconds(30));
            RpcException u = assertThrows(RpcException.class, unixWrong::getState);
            assertTrue(u.getMessage().contains("HTTP 401"), u.getMessage());
        }
    }

    @Test
    void noSupervisordIsReportedNotThrownAsAStackTrace() throws Exception {
        SupervisorClient gone = SupervisorClient.of("unix://" + dir.resolve("none.sock"), null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        RpcException e = assertThrows(RpcException.class, gone::getAllProcessInfo);
        assertTrue(e.getMessage().startsWith("supervisor.getAllProcessInfo: cannot talk to supervisord at unix://"), e.getMessage());

        SupervisorClient refused = SupervisorClient.of("http://127.0.0.1:" + Ports.free(), null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        RpcException r = assertThrows(RpcException.class, refused::getAllProcessInfo);
        assertTrue(r.getMessage().contains("connection refused"), r.getMessage());
    }
}
