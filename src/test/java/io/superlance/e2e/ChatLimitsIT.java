package io.superlance.e2e;

import io.superlance.alert.standin.Accepted;
import io.superlance.alert.standin.DingTalkStandIn;
import io.superlance.alert.standin.TelegramStandIn;
import io.superlance.testing.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases where a chat service refused what crashmail sent, under a real supervisord with the built image,
 * into stand-ins that refuse what the services refuse: a DingTalk message of crashmail {@code --tail 100} of
 * long lines (over 40 KB where DingTalk takes 20,000 bytes) and a Telegram message of {@code --tail 5} after a
 * line of 5,000 emoji (a lone surrogate where Telegram wants UTF-8).
 */
class ChatLimitsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** A program that waits for the file {@code go}, writes {@code stderr} and exits 3. */
    private Path crasher(String stderrPython) throws Exception {
        return Files.writeString(dir.resolve("crasher.py"), """
                import os, sys, time
                while not os.path.exists(sys.argv[1]):
                    time.sleep(0.05)
                %s
                sys.stderr.flush()
                time.sleep(0.3)
                sys.exit(3)
                """.formatted(stderrPython));
    }

    private void crash(Supervisord s) throws Exception {
        s.awaitState("crasher", "RUNNING", Duration.ofSeconds(10));
        s.awaitState("crashmail", "RUNNING", Duration.ofSeconds(10));
        Await.until(Duration.ofSeconds(60), () -> s.read("crashmail.log").contains("pending alerts are kept"),
                () -> "crashmail did not start\n" + s.log());
        Files.writeString(dir.resolve("go"), "");
    }

    private static SupervisordConfig config(String listenerArgs) {
        return SupervisordConfig.base()
                .program("crasher", "python3 -u %(here)s/crasher.py %(here)s/go", "autorestart=false",
                        "environment=PYTHONIOENCODING=\"utf-8\"")
                .listener("crashmail", "crashmail -p crasher --hostname web7 " + listenerArgs, "PROCESS_STATE_EXITED");
    }

    @Test
    void tail100OfLongLinesReachesDingTalkUnder20000Bytes_sayingHowManyLinesWereLeftOut() throws Exception {
        crasher("""
                for i in range(100):
                    sys.stderr.write(("line %03d " % i) + ("数据库连接失败 retrying connection to db-7 " * 12)[:391] + "\\n")
                """);
        try (DingTalkStandIn robot = (DingTalkStandIn) new DingTalkStandIn(new VirtualClock(), "dt", null).start();
             Supervisord s = Supervisord.start(dir, config("--tail 100 --dingtalk " + robot.robotUrl()))) {
            crash(s);
            Await.until(WAIT, () -> !robot.accepted().isEmpty() || !robot.refused().isEmpty(),
                    () -> "nothing reached DingTalk\n" + s.read("crashmail.log"));
            Thread.sleep(2000); // a refusal's shorter form, if any, has come by now
            assertEquals("[]", robot.refused().toString(), s.read("crashmail.log"));
            assertEquals(1, robot.accepted().size(), s.read("crashmail.log"));
            Accepted message = robot.accepted().get(0);
            String title = message.document().path("markdown").path("title").asText();
            int bytes = (title + message.text()).getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= DingTalkStandIn.MAX_BYTES, bytes + " bytes");
            assertTrue(message.text().contains("crasher") && message.text().contains("web7"), message.text());
            Matcher more = Pattern.compile("(\\d+) more lines").matcher(message.text());
            assertTrue(more.find() && Integer.parseInt(more.group(1)) > 0, "does not say how many lines it left out:\n" + message.text());
        }
    }

    @Test
    void tail5AfterALineOf5000EmojiReachesTelegramAsUtf8() throws Exception {
        crasher("""
                sys.stderr.write("starting\\n")
                sys.stderr.write("\\U0001F600" * 5000 + "\\n")
                """);
        Path token = Files.writeString(dir.resolve("telegram.token"), "12345:tg-secret\n");
        try (TelegramStandIn bot = (TelegramStandIn) new TelegramStandIn(new VirtualClock(), "12345:tg-secret", "-1001").start();
             Supervisord s = Supervisord.start(dir, config("--tail 5 --telegram-chat -1001 --telegram-token-file " + token
                     + " --telegram-api " + bot.apiUrl()))) {
            crash(s);
            Await.until(WAIT, () -> !bot.accepted().isEmpty() || !bot.refused().isEmpty(),
                    () -> "nothing reached Telegram\n" + s.read("crashmail.log"));
            Thread.sleep(2000);
            assertEquals("[]", bot.refused().toString(), s.read("crashmail.log"));
            assertEquals(1, bot.accepted().size(), s.read("crashmail.log"));
            String text = bot.accepted().get(0).text();
            assertTrue(text.contains("crasher") && text.contains("\uD83D\uDE00"), text);
        }
    }
}
