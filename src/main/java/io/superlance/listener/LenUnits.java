package io.superlance.listener;

import io.superlance.log.Log;
import io.superlance.protocol.EventReader;
import io.superlance.rpc.RpcException;
import io.superlance.rpc.SupervisorClient;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** What supervisord's {@code len} counts (bytes or characters): told by the Python that runs it, else by its version. */
final class LenUnits {
    private LenUnits() {
    }

    /**
     * The protocol's reader on stdin, with what len counts: as told (--len-counts), else by the Python that
     * runs supervisord (its name), else by supervisord's version, asked beside the loop so that the first
     * READY does not wait for an XML-RPC round trip; until it answers (and if it never does), len is told
     * from the stream, which is needed only for a payload that is not ASCII.
     */
    static EventReader reader(EventReader.LenUnit told, Map<String, String> env) {
        EventReader.LenUnit unit = told != null ? told : EventReader.LenUnit.of(null, parentPython());
        // the reader buffers stdin itself; a FileInputStream's available() tells what the pipe holds
        EventReader reader = new EventReader(new FileInputStream(FileDescriptor.in), EventReader.GRACE, unit);
        if (unit == null) {
            reader.asking();
            Thread ask = new Thread(() -> reader.learn(ask(env)), "len unit");
            ask.setDaemon(true);
            ask.start();
        }
        return reader;
    }

    /**
     * What supervisord's {@code len} counts, from its version over XML-RPC and the Python that runs it (our
     * parent); null, to tell it from the stream, when neither is known.
     */
    static EventReader.LenUnit ask(Map<String, String> env) {
        String version = null;
        String why = "";
        try {
            SupervisorClient rpc = SupervisorClient.fromEnv(env);
            version = SupervisorClient.of(rpc.url(), env.get("SUPERVISOR_USERNAME"), env.get("SUPERVISOR_PASSWORD"),
                    Duration.ofSeconds(2), Duration.ofSeconds(2)).getSupervisorVersion();
        } catch (RpcException | RuntimeException e) {
            why = "supervisord's version is unknown: " + Log.describe(e) + "; ";
        }
        EventReader.LenUnit unit = EventReader.LenUnit.of(version, parentPython());
        if (unit == null) {
            Log.info(why + "what len counts is told from the stream (--len-counts to set it)");
        }
        return unit;
    }

    /** The program that runs us (supervisord's Python, e.g. /usr/bin/python3.11); null when it cannot be read. */
    static String parentPython() {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(parentPid(Files.readString(Path.of("/proc/self/stat")))),
                    "exe")).toString();
        } catch (IOException | RuntimeException e) {
            return null; // not Linux, or not ours to read: the version alone decides
        }
    }

    /**
     * The parent's pid from a {@code /proc/PID/stat} line, {@code PID (COMMAND) STATE PPID ...}; the command
     * may hold spaces and parentheses, so the fields are counted from its last ")". Read directly rather than
     * through ProcessHandle, whose first use reads /proc/stat and both processes' stat files: some ms of
     * every start, before the first READY.
     */
    static long parentPid(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
        return Long.parseLong(fields[1]);
    }
}
