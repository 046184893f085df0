package io.superlance.e2e;

/**
 * A supervisord.conf for a test: supervisord, its unix socket, RPC and supervisorctl in {@code %(here)s}
 * (the test's directory; its log never rotated, tests count lines in it), then programs and listeners. A listener runs the built image; its stderr is
 * {@code %(here)s/NAME.log}. Extra lines ({@code "autorestart=true"}) go into the section as they are.
 */
public final class SupervisordConfig {
    private final StringBuilder text = new StringBuilder();
    private String user;
    private String password;

    private SupervisordConfig() {
    }

    public static SupervisordConfig base() {
        return auth(null, null, null);
    }

    /**
     * The unix socket (and, with {@code httpPort}, an HTTP server on loopback) asks for {@code user} and
     * {@code password}; supervisorctl and this fixture give them.
     */
    public static SupervisordConfig auth(String user, String password, Integer httpPort) {
        SupervisordConfig c = new SupervisordConfig();
        c.user = user;
        c.password = password;
        String credentials = user == null ? "" : "username=" + user + "\npassword=" + password + "\n";
        c.text.append("[unix_http_server]\nfile=%(here)s/supervisor.sock\n")
                .append(user == null ? "" : "chmod=0700\n").append(credentials);
        if (httpPort != null) {
            c.text.append("[inet_http_server]\nport=127.0.0.1:").append(httpPort).append('\n').append(credentials);
        }
        c.text.append("""
                [supervisord]
                logfile=%(here)s/supervisord.log
                logfile_maxbytes=0
                pidfile=%(here)s/supervisord.pid
                childlogdir=%(here)s
                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
                [supervisorctl]
                serverurl=unix://%(here)s/supervisor.sock
                """).append(credentials);
        return c;
    }

    /** {@code [program:NAME]} running {@code command}. */
    public SupervisordConfig program(String name, String command, String... lines) {
        return section("program:" + name, "command=" + command, lines);
    }

    /** {@code [eventlistener:NAME]} running {@code superlance ARGS}, subscribed to {@code events}. */
    public SupervisordConfig listener(String name, String args, String events, String... lines) {
        String[] all = new String[lines.length + 3];
        all[0] = "events=" + events;
        all[1] = "stdout_logfile=NONE";
        all[2] = "stderr_logfile=%(here)s/" + name + ".log";
        System.arraycopy(lines, 0, all, 3, lines.length);
        return section("eventlistener:" + name, "command=" + Supervisord.launcher() + " " + args, all);
    }

    /** {@code [group:NAME]} of {@code programs}. */
    public SupervisordConfig group(String name, String programs) {
        return section("group:" + name, "programs=" + programs);
    }

    private SupervisordConfig section(String header, String first, String... lines) {
        text.append('\n').append('[').append(header).append("]\n").append(first).append('\n');
        for (String l : lines) {
            text.append(l).append('\n');
        }
        return this;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    public String text() {
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
