package io.superlance.cli;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Channel;
import io.superlance.listener.MonitorSetup;
import io.superlance.log.Log;
import io.superlance.protocol.ProcessId;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Command lines that Python superlance 2.0 runs and that must run here too, with the same effect
 * (found side by side under supervisord; see src/test/resources/differential/).
 */
class PythonCompatTest {
    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());

    static final Alert CRASH = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, Instant.parse("2026-11-21T02:03:04Z")).id("id-1")
            .subject(" web crashed at 2026-11-21 10:03:04,000")
            .body("Process web in group web exited unexpectedly (pid 1) from state RUNNING")
            .process(new ProcessId("web", "web")).pid(1).state("EXITED").build();

    static MonitorSetup setup(String... args) {
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), args);
        CommandLine.ParseResult r = cl.parseArgs(args);
        ListenerCommand command = (ListenerCommand) r.subcommand().commandSpec().userObject();
        command.given = Launcher.given(r.subcommand()); // as the launcher tells it
        return command.setup(Map.of());
    }

    static void sendAll(MonitorSetup setup, Alert alert) throws Exception {
        for (Channel c : setup.channels()) {
            c.send(alert);
        }
    }

    @Test
    void bareLocalAddressesAreAccepted_asPythonsOwnTestsUseThem() throws Exception {
        // superlance's tests use -t frog; people write -m root for the local mail system
        assertEquals("root", MailSettings.mail(CrashmailOptionsTest.parse("-m", "root", "-s", "cat").mail, false, Log.of("test")).to().get(0).toString());
        MonitorSetup s = setup("crashmailbatch", "-t", "frog", "-f", "root", "-H", "127.0.0.1:" + smtp.getSmtp().getPort());
        sendAll(s, CRASH);
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertEquals("frog", m.getAllRecipients()[0].toString());
        assertEquals("root", m.getFrom()[0].toString());
        // what is no address at all is still refused at start
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> setup("crashmail", "-m", "not an address"));
        assertTrue(e.getMessage().startsWith("-m: 'not an address' is not a mail address"), e.getMessage());
    }

    @Test
    void crashmailPipesEveryCrashIntoItsSendmailCommandEvenWithoutRecipients(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("hook.txt");
        MonitorSetup s = setup("crashmail", "-s", "cat > '" + out + "'");
        assertEquals(1, s.channels().size());
        sendAll(s, CRASH);
        String piped = Files.readString(out);
        assertTrue(piped.contains("Subject:  web crashed at 2026-11-21 10:03:04,000"), piped);
        assertTrue(piped.contains("Process web in group web exited unexpectedly (pid 1) from state RUNNING"), piped);
        // without -s nothing is piped, as before (Python's would run sendmail with "To: None")
        assertEquals(0, setup("crashmail", "--log-only").channels().size());
        // memmon and httpok mailed only with -m, in Python too
        assertEquals(0, setup("memmon", "-a", "1GB", "-s", "cat > '" + out + "'").channels().size());
    }

    @Test
    void batchUserWithoutPasswordSendsWithoutLoggingIn() throws Exception {
        MonitorSetup s = setup("crashmailbatch", "-t", "ops@example.com", "-f", "alerts@example.com", "-u", "bob",
                "-H", "127.0.0.1:" + smtp.getSmtp().getPort());
        sendAll(s, CRASH);
        assertEquals(1, smtp.getReceivedMessages().length);
    }

    /** A sendmail program that is not there would fail every alert (exit 127): the listener says so at start. */
    @Test
    void aMissingSendmailProgramStopsTheCommandAtStartWithOneLine() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> setup("crashmail", "-m", "root", "-s", "/nonexistent/sendmail -t -i"));
        assertEquals("-s: /nonexistent/sendmail is not installed (no such executable); install a mail transfer agent, "
                + "or send through an SMTP server with --smtp-host HOST, or give -s CMD", e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> setup("crashmailbatch", "-t", "root", "-f", "root", "--sendmail", "/nonexistent/sendmail"));
        // the default is checked the same way: a host without a mail system learns it at start, not at the first crash
        if (!java.nio.file.Files.isExecutable(Path.of("/usr/sbin/sendmail"))) {
            org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> setup("crashmail", "-m", "root"));
        }
        String[] args = {"memmon", "-a", "1GB", "-m", "root", "-s", "/nonexistent/sendmail -t -i"};
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), args);
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute(args));
    }

    /** superlance's tests (test_memmon test_parse_uptime, test_process_state_email_monitor): option inputs. */
    @Test
    void optionInputsFromSuperlancesOwnTests() {
        for (Object[] c : new Object[][]{{"1", 1L}, {"1s", 1L}, {"2m", 120L}, {"3h", 10800L}, {"1d", 86400L}}) {
            assertEquals((long) c[1], MemmonCommandTest.parse("-a", "1MB", "-u", (String) c[0]).uptime.toSeconds(), (String) c[0]);
        }
        org.junit.jupiter.api.Assertions.assertThrows(CommandLine.ParameterException.class,
                () -> MemmonCommandTest.parse("-a", "1MB", "-u", "1y"));
        assertEquals(List.of("frog"), MailSettings.mail(BatchMailOptionsTest.parse("-t", "frog", "-f", "root", "--sendmail", "cat").mail, false, Log.of("test"))
                .to().stream().map(Object::toString).toList());
        assertEquals(List.of("frog", "log", "dog"), MailSettings.mail(BatchMailOptionsTest.parse("-t", "frog, log,dog", "-f", "root",
                "--sendmail", "cat").mail, false, Log.of("test")).to().stream().map(Object::toString).toList());
    }
}
