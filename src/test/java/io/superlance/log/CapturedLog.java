package io.superlance.log;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The log lines of each test, for asserting what an operator would read: {@code @RegisterExtension}. */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void beforeEach(ExtensionContext context) {
        out.reset();
        Log.to(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Log.to(System.err);
        Log.name(List.of("superlance")); // a test that named several monitors leaves no trace in the next
    }

    public String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The lines of one level: INFO, WARN or ERROR. */
    public List<String> lines(String level) {
        return text().lines().filter(l -> l.contains(" " + level + " ")).toList();
    }
}
