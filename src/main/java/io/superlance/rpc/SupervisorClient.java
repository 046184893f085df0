package io.superlance.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * supervisord's XML-RPC interface at {@code SUPERVISOR_SERVER_URL} ({@code unix:///path} or
 * {@code http://host:port}), with basic auth when a user name is set. Every call has a deadline; every
 * failure is an {@link RpcException} whose message is one line that says what went wrong.
 */
public final class SupervisorClient {
    /** For calls that return at once. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** For stop and start with wait: supervisord answers only after stopwaitsecs / startsecs. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(5);

    private final String url;
    private final SocketAddress address;
    private final String hostHeader;
    private final String authorization;
    private final Duration timeout;
    private final Duration waitTimeout;

    private SupervisorClient(String url, SocketAddress address, String hostHeader, String authorization,
                             Duration timeout, Duration waitTimeout) {
        this.url = url;
        this.address = address;
        this.hostHeader = hostHeader;
        this.authorization = authorization;
        this.timeout = timeout;
        this.waitTimeout = waitTimeout;
    }

    /** From supervisord's environment for listeners: SUPERVISOR_SERVER_URL, _USERNAME, _PASSWORD. */
    public static SupervisorClient fromEnv(Map<String, String> env) {
        String url = env.get("SUPERVISOR_SERVER_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("SUPERVISOR_SERVER_URL is not set");
        }
        return of(url, env.get("SUPERVISOR_USERNAME"), env.get("SUPERVISOR_PASSWORD"), DEFAULT_TIMEOUT, DEFAULT_WAIT_TIMEOUT);
    }

    /** @param user null or empty for no authentication */
    public static SupervisorClient of(String url, String user, String password, Duration timeout, Duration waitTimeout) {
        SocketAddress address;
        String host;
        if (url.startsWith("unix://")) {
            String path = url.substring("unix://".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("no socket path in " + url);
            }
            address = UnixDomainSocketAddress.of(path);
            host = "localhost";
        } else if (url.startsWith("http://")) {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host in " + url);
            }
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            address = new InetSocketAddress(uri.getHost(), port);
            host = uri.getHost() + ":" + port;
        } else {
            throw new IllegalArgumentException("unsupported supervisord URL " + url + " (expected unix:///path or http://host:port)");
        }
        String auth = null;
        if (user != null && !user.isEmpty()) {
            String pair = user + ":" + (password == null ? "" : password);
            auth = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return new SupervisorClient(url, address, host, auth, timeout, waitTimeout);
    }

    public String url() {
        return url;
    }

    public List<ProcessInfo> getAllProcessInfo() throws RpcException {
        Object result = call("supervisor.getAllProcessInfo", timeout);
        List<ProcessInfo> infos = new ArrayList<>();
        if (result instanceof List<?> list) {
            for (Object o : list) {
                infos.add(info("supervisor.getAllProcessInfo", o));
            }
            return infos;
        }
        throw new RpcException("supervisor.getAllProcessInfo: expected an array, got " + kind(result));
    }

    public ProcessInfo getProcessInfo(String namespec) throws RpcException {
        String call = "supervisor.getProcessInfo(" + namespec + ")";
        return info(call, call("supervisor.getProcessInfo", timeout, namespec));
    }

    /** @param wait true: return once stopped (supervisord waits up to the program's stopwaitsecs) */
    public boolean stopProcess(String namespec, boolean wait) throws RpcException {
        return Boolean.TRUE.equals(call("supervisor.stopProcess", wait ? waitTimeout : timeout, namespec, wait));
    }

    /** @param wait true: return once RUNNING (after the program's startsecs) */
    public boolean startProcess(String namespec, boolean wait) throws RpcException {
        return Boolean.TRUE.equals(call("supervisor.startProcess", wait ? waitTimeout : timeout, namespec, wait));
    }

    public boolean signalProcess(String namespec, String signal) throws RpcException {
        return Boolean.TRUE.equals(call("supervisor.signalProcess", timeout, namespec, signal));
    }

    /**
     * The last {@code bytes} bytes of the program's stdout or stderr log ({@code tailProcess...Log(namespec, 0, bytes)}).
     * supervisord 4.2 answers {@code ['', 0, False]} when the program has no such log file, and fails when
     * the bytes begin inside a UTF-8 character: read a few bytes fewer then.
     */
    public LogTail tailProcessLog(String namespec, boolean stdout, int bytes) throws RpcException {
        String method = stdout ? "supervisor.tailProcessStdoutLog" : "supervisor.tailProcessStderrLog";
        Object result = call(method, timeout, namespec, 0, bytes);
        if (result instanceof List<?> l && l.size() == 3) {
            long offset = l.get(1) instanceof Number n ? n.longValue() : 0;
            return new LogTail(str(l.get(0)), offset, Boolean.TRUE.equals(l.get(2)));
        }
        throw new RpcException(method + "(" + namespec + "): expected [text, offset, overflow], got " + kind(result));
    }

    /** The program's {@code stdout_logfile} or {@code stderr_logfile} as getProcessInfo reports it; empty for none. */
    public String processLogFile(String namespec, boolean stdout) throws RpcException {
        String call = "supervisor.getProcessInfo(" + namespec + ")";
        Object o = call("supervisor.getProcessInfo", timeout, namespec);
        if (!(o instanceof Map<?, ?> m)) {
            throw new RpcException(call + ": expected a process info struct, got " + kind(o));
        }
        return str(m.get(stdout ? "stdout_logfile" : "stderr_logfile"));
    }

    /** supervisord's state, e.g. {@code RUNNING}; a cheap way to check the connection and the credentials. */
    public String getState() throws RpcException {
        Object result = call("supervisor.getState", timeout);
        return result instanceof Map<?, ?> m ? String.valueOf(m.get("statename")) : String.valueOf(result);
    }

    /** supervisord's version, e.g. {@code 4.2.5}. */
    public String getSupervisorVersion() throws RpcException {
        return String.valueOf(call("supervisor.getSupervisorVersion", timeout));
    }

    /** Any method, for what the typed calls do not cover. */
    public Object call(String method, Duration callTimeout, Object... params) throws RpcException {
        String call = method + describe(params);
        HttpPost.Response response;
        try {
            response = HttpPost.post(address, hostHeader, "/RPC2", authorization, XmlRpc.request(method, params), callTimeout);
        } catch (java.net.SocketTimeoutException e) {
            throw new RpcException(call + ": supervisord at " + url + " did not answer within "
                    + callTimeout.toSeconds() + " s (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new RpcException(call + ": cannot talk to supervisord at " + url + ": " + why, e);
        }
        if (response.status() == 401) {
            throw new RpcException(call + ": supervisord at " + url + " refused our credentials (HTTP 401 "
                    + response.reason() + "): check SUPERVISOR_USERNAME and SUPERVISOR_PASSWORD, or the "
                    + "username/password of its [unix_http_server] or [inet_http_server]");
        }
        if (response.status() != 200) {
            throw new RpcException(call + ": supervisord at " + url + " answered HTTP " + response.status()
                    + " " + response.reason());
        }
        return XmlRpc.response(call, response.body());
    }

    private static String describe(Object[] params) {
        if (params.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < params.length; i++) {
            b.append(i == 0 ? "" : ", ").append(params[i]);
        }
        return b.append(')').toString();
    }

    private static ProcessInfo info(String call, Object o) throws RpcException {
        if (!(o instanceof Map<?, ?> m)) {
            throw new RpcException(call + ": expected a process info struct, got " + kind(o));
        }
        return new ProcessInfo(str(m.get("name")), str(m.get("group")), num(m.get("state")), str(m.get("statename")),
                num(m.get("pid")), num(m.get("start")), num(m.get("now")), num(m.get("exitstatus")),
                str(m.get("description")));
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static int num(Object o) {
        return o instanceof Integer i ? i : 0;
    }

    private static String kind(Object o) {
        return o == null ? "nil" : o.getClass().getSimpleName();
    }
}
