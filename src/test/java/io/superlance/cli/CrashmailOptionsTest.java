package io.superlance.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** superlance's crashmail command lines keep their meaning, in every spelling getopt accepted. */
class CrashmailOptionsTest {

    static CrashmailCommand parse(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "crashmail";
        System.arraycopy(args, 0, full, 1, args.length);
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), full);
        CommandLine.ParseResult r = cl.parseArgs(full);
        return (CrashmailCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void shortLongAndAttachedForms() {
        for (String[] args : List.of(
                new String[]{"-p", "web", "-p", "workers:w1", "-o", "[prod]", "-m", "ops@example.com", "-s", "cat > /tmp/m"},
                new String[]{"--program=web", "--program", "workers:w1", "--optionalheader=[prod]", "--email", "ops@example.com",
                        "--sendmail_program=cat > /tmp/m"},
                new String[]{"-pweb", "-pworkers:w1", "-o[prod]", "-mops@example.com", "-scat > /tmp/m"})) {
            CrashmailCommand c = parse(args);
            assertEquals(List.of("web", "workers:w1"), c.programs, String.join(" ", args));
            assertEquals("[prod]", c.optionalHeader);
            assertEquals("ops@example.com", c.mail.email);
            assertEquals("cat > /tmp/m", c.mail.sendmail);
        }
    }

    @Test
    void defaults() {
        CrashmailCommand c = parse("-a");
        assertTrue(c.any);
        assertEquals("/usr/sbin/sendmail -t -i", c.mail.sendmail);
        assertNull(c.mail.email);
        assertNull(c.optionalHeader);
        assertEquals("none", c.mail.smtp.tls);
    }

    @Test
    void sendmailSpelledAsInTheDocs() {
        assertEquals("/usr/lib/sendmail -t", parse("--sendmail", "/usr/lib/sendmail -t").mail.sendmail);
    }

    @Test
    void smtpOptions() {
        CrashmailCommand c = parse("-m", "a@b.c", "--smtp-host", "mail.example.com:587", "--smtp-user", "me",
                "--smtp-tls", "starttls", "--from", "alerts@example.com");
        assertEquals("mail.example.com:587", c.mail.smtp.host);
        assertEquals("me", c.mail.smtp.user);
        assertEquals("starttls", c.mail.smtp.tls);
        assertEquals("alerts@example.com", c.mail.smtp.from);
    }
}
