package io.superlance.cli;

import io.superlance.log.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Misconfigurations that used to start cleanly and fail later: each is one line on stderr and exit 2 at start. */
class StartupChecksTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void restoreLog() {
        Log.to(System.err);
    }

    /** Runs the command line as Main does; the exit status and every line it wrote to stderr. */
    private String[] run(String... args) {
        StringWriter err = new StringWriter();
        log.reset();
        Log.to(new PrintStream(log, true, StandardCharsets.UTF_8));
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), args);
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        String lines = (err + log.toString(StandardCharsets.UTF_8)).strip();
        // a log line starts with supervisord's timestamp: "2026-12-02 07:03:15,123 "
        return new String[]{Integer.toString(status), lines.replaceAll("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ", "")};
    }

    private void assertRefused(String line, String... args) {
        String[] r = run(args);
        assertEquals(line, r[1], String.join(" ", args));
        assertEquals("2", r[0], String.join(" ", args));
    }

    /** Each ran and did something other than what was meant: now each is one line and exit 2. */
    @Test
    void wordsNoOptionTakes_anUnknownOption_andAZeroGiveUpAreRefused() {
        assertRefused("superlance crashmail: unknown option '--emial' (did you mean --email?) (see 'superlance crashmail --help')",
                "crashmail", "-a", "--emial", "ops@example.com");
        assertRefused("superlance memmon: unexpected argument 'minutes': each option takes one word (a duration with its unit: "
                        + "5m, 30s, 1h30m) (see 'superlance memmon --help')",
                "memmon", "-a", "200MB", "--min-interval", "5", "minutes", "--log-only");
        assertRefused("ERROR crashmail: unexpected argument 'minutes': each option takes one word (a duration with its unit: "
                        + "5m, 30s, 1h30m); only superlance's trailing URL is taken, and ignored",
                "crashmail", "-a", "--min-interval", "5", "minutes", "--log-only");
        assertRefused("ERROR crashmail: --give-up-after must be more than 0",
                "crashmail", "-a", "--give-up-after", "0", "--log-only");
    }

    @Test
    void aMisspeltCommandBetweenCommandsIsNamed_notTakenForAnArgument() {
        assertRefused("superlance: unknown command 'memon' (did you mean memmon?)",
                "crashmail", "-a", "-m", "ops@example.com", "-s", "/bin/true", "memon", "-a", "200MB");
        assertRefused("superlance: unknown command 'memon' (did you mean memmon?)",
                "crashmail", "-m", "ops@example.com", "-s", "/bin/true", "memon");
        assertRefused("superlance: unknown command 'htpok' (did you mean httpok?)",
                "memmon", "-a", "200MB", "htpok", "http://127.0.0.1/");
    }

    @Test
    void aProgramMayStillBeCalledLikeAMisspeltCommand() {
        assertEquals(null, CommandNames.unknownCommand(Main.commandLine(new PrintWriter(new StringWriter()),
                "crashmail"), java.util.List.of("crashmail", "-p", "memon", "-m", "ops@example.com")));
        assertEquals(null, CommandNames.nearest("web"));
        assertEquals("heartbeat", CommandNames.nearest("hearbeat"));
        assertEquals("memmon", CommandNames.nearest("MEMMON"));
        assertEquals("memmon", CommandNames.nearest("memon"));
    }

    @Test
    void aSizeWithoutAUnitBelowOneMegabyteIsRefusedWithAHint() {
        assertRefused("ERROR memmon: -a: '200' is 200 bytes; give a unit, e.g. 200MB (a number without a unit is bytes)",
                "memmon", "-a", "200");
        assertRefused("ERROR memmon: -p web: '512' is 512 bytes; give a unit, e.g. 512MB (a number without a unit is bytes)",
                "memmon", "-p", "web=512");
        assertEquals(2L * 1024 * 1024, Units.size("-a", "2097152"), "a bare number of bytes of 1 MB and more is taken");
    }

    @Test
    void aMissingSendmailProgramIsRefused() {
        assertRefused("ERROR crashmail: -s: /nonexistent/sendmail is not installed (no such executable); install a mail "
                        + "transfer agent, or send through an SMTP server with --smtp-host HOST, or give -s CMD",
                "crashmail", "-m", "ops@example.com", "-s", "/nonexistent/sendmail -t -i");
        assertRefused("ERROR crashmail: -s: no-such-sendmail is not found on PATH; install it, or send through an SMTP "
                        + "server with --smtp-host HOST, or give -s CMD",
                "crashmail", "-m", "ops@example.com", "-s", "no-such-sendmail -t");
        assertRefused("ERROR crashmailbatch: --sendmail: /nonexistent/sendmail is not installed (no such executable); "
                        + "install a mail transfer agent, or send through an SMTP server with -H HOST, or give --sendmail CMD",
                "crashmailbatch", "-t", "ops@example.com", "-f", "me@example.com", "--sendmail", "/nonexistent/sendmail");
        if (!Files.exists(Path.of("/usr/sbin/sendmail"))) { // the default, as on a machine without a mail transfer agent
            assertRefused("ERROR crashmail: -s: /usr/sbin/sendmail is not installed (no such executable); install a mail "
                    + "transfer agent, or send through an SMTP server with --smtp-host HOST, or give -s CMD",
                    "crashmail", "-m", "ops@example.com");
        }
        // a shell command line is the user's to get right
        assertDoesNotThrow(() -> MailSettings.checkSendmail("-s", "cat > /tmp/mail", "--smtp-host HOST"));
        assertDoesNotThrow(() -> MailSettings.checkSendmail("-s", "/bin/true", "--smtp-host HOST"));
    }

    @Test
    void noChannelAtAllIsRefusedUnlessLogOnlyOrTheCommandActsOnItsOwn() {
        String line = "no alert channel: give -m ADDR (or --webhook, --alertmanager, --dingtalk URL), or --log-only to only log alerts";
        assertRefused("ERROR crashmail: " + line, "crashmail", "-a");
        assertRefused("ERROR logmon: " + line, "logmon", "--match", "ERROR");
        assertRefused("ERROR httpok: " + line, "httpok", "http://127.0.0.1:8080/");
        assertRefused("ERROR crashmail: --test-alert: no channel configured (give -m ADDRESS, and --smtp-host HOST to use SMTP)",
                "crashmail", "--test-alert", "--log-only");
        assertDoesNotThrow(() -> setup(new LogmonCommand(), "--match", "ERROR", "--log-only"));
        assertDoesNotThrow(() -> setup(new MemmonCommand(), "-a", "200MB"));
        assertDoesNotThrow(() -> setup(new HttpokCommand(), "-p", "web", "http://127.0.0.1:8080/"));
    }

    private static void setup(ListenerCommand command, String... args) {
        new CommandLine(command).parseArgs(args);
        command.setup(Map.of());
    }

    @Test
    void smtpOptionsWithoutSmtpHostAreRefused() {
        assertRefused("ERROR crashmail: --smtp-tls starttls needs --smtp-host HOST (without it mail goes through the sendmail command)",
                "crashmail", "-m", "ops@example.com", "-s", "/bin/true", "--smtp-tls", "starttls");
        assertRefused("ERROR memmon: --smtp-user needs --smtp-host HOST (without it mail goes through the sendmail command)",
                "memmon", "-a", "1GB", "--smtp-user", "bob");
    }

    @Test
    void anEmptySpoolDirIsRefused() {
        assertRefused("ERROR crashmail: --spool-dir must name a directory, not be empty",
                "crashmail", "--webhook", "http://127.0.0.1:9/", "--spool-dir=");
    }

    @Test
    void aCoreDirThatIsNoDirectoryIsRefused(@TempDir Path dir) throws Exception {
        assertRefused("ERROR httpok: -d/--coredir: /nonexistent/cores is not a directory this listener can write to",
                "httpok", "-p", "web", "-d", "/nonexistent/cores", "http://127.0.0.1:8080/");
        Path file = Files.writeString(dir.resolve("file"), "");
        assertRefused("ERROR httpok: -d/--coredir: " + file + " is not a directory this listener can write to",
                "httpok", "-p", "web", "-d", file.toString(), "http://127.0.0.1:8080/");
        assertDoesNotThrow(() -> setup(new HttpokCommand(), "-p", "web", "-d", dir.toString(), "http://127.0.0.1:8080/"));
        assertFalse(Files.exists(dir.resolve("x")));
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void aTemplateThatCannotBeReadIsOneLineAndExit2() {
        String missing = "/nonexistent/superlance-template.txt";
        assertRefused("ERROR crashmail: --template mail=" + missing + ": no such file",
                "crashmail", "-m", "ops@example.com", "-s", "/bin/true", "--template", "mail=" + missing);
    }

    @Test
    void aTelegramTemplateItsHtmlParserWouldRefuseIsRefusedAtStart(@TempDir Path dir) throws Exception {
        Path bare = Files.writeString(dir.resolve("bare.tmpl"), "load < 5? {subject}\n");
        assertRefused("ERROR crashmail: --template telegram=" + bare + ": Telegram would refuse every message (HTML parse mode): "
                        + "a bare '<' (write &lt;)",
                "crashmail", "--telegram-chat", "-100123", "--telegram-token", "123456:ABC-DEF", "--template", "telegram=" + bare);
        Path unknown = Files.writeString(dir.resolve("unknown.tmpl"), "<font color=red>{subject}</font>\n");
        String[] r = run("crashmail", "--telegram-chat", "-100123", "--telegram-token", "123456:ABC-DEF", "--template", "telegram=" + unknown);
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("<font>, a tag Telegram does not know"), r[1]);
        Path good = Files.writeString(dir.resolve("good.tmpl"), "<b>{subject}</b> &amp; <a href=\"https://x.example/{program}\">runbook</a>\n{lines}");
        assertDoesNotThrow(() -> setup(new CrashmailCommand(), "--telegram-chat", "-100123", "--telegram-token", "123456:ABC-DEF",
                "--template", "telegram=" + good));
    }
}
