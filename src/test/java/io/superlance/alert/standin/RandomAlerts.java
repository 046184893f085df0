package io.superlance.alert.standin;

import io.superlance.alert.Alert;
import io.superlance.alert.AlertKind;
import io.superlance.alert.Facts;
import io.superlance.protocol.ProcessId;

import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Alerts as the monitors raise them, with hostile text from programs and the outside world: emoji (pairs,
 * skin tones, flags, joined families) and CJK at any position, every markup character, markup of each
 * service that must stay text, 100 KB bodies, {@code --tail} output of long lines, a line of 5,000 emoji,
 * digests of hundreds of lines, log-line folds of up to 1,000 lines. Each alert's identity is a token
 * ({@code A<n>x}) at the start of its subject and as its program's name, which every channel shows.
 */
final class RandomAlerts {
    /** Markup that program text must not be able to turn into a link, image, mention, colour or format. */
    static final List<String> HOSTILE = List.of(
            "[click](http://evil.example/a)", "![x](http://evil.example/i.png)", "<font color=red>red</font>",
            "<font color=\"warning\">w</font>", "<@all>", "<@U12345>", "@all", "<!channel>", "<!here>",
            "<http://evil.example|x>", "<a href=\"http://evil.example\">x</a>", "<at user_id=\"all\">所有人</at>",
            "<at id=all></at>", "<u>u</u>", "<tg-spoiler>s</tg-spoiler>", "<span class=\"tg-spoiler\">s</span>", "**bold**",
            "`code`", "```", "&amp;", "&lt;b&gt;", "&#128512;", "&nbsp;", "<b>unclosed", "</pre>", "</b>", "\\", "#### heading",
            "> quote", "~~s~~", "_i_", "*b*", "<@all", "[a](", "](http://evil.example)");
    private static final List<String> EMOJI = List.of("😀", "🔥", "👍🏽", "🇨🇳", "👨‍👩‍👧", "❤️", "🀄", "𠮷");
    private static final String CJK = "故障进程崩溃服务器内存告警日志錯誤エラー한국어";
    private static final String MARKUP = "<>&[]()*_~`#@\\|!\"'";
    private static final String ASCII = "abcdefghijklmnopqrstuvwxyz0123456789 .:-/=";

    private final Random r;
    private final Instant time;
    private int next;

    RandomAlerts(Random r, Instant time) {
        this.r = r;
        this.time = time;
    }

    /** The token an alert made here carries. */
    static String token(int n) {
        return "A" + n + "x";
    }

    static String tokenOf(Alert a) {
        return a.process().name();
    }

    /** A random alert; {@code small} keeps it short (for folds of hundreds). */
    Alert next(boolean small) {
        int n = next++;
        String token = token(n);
        int shape = small ? r.nextInt(3) : r.nextInt(9);
        Alert.Builder b;
        String name = " " + token + " " + text(r.nextInt(small ? 40 : 300));
        ProcessId p = new ProcessId(r.nextBoolean() ? token : "g" + text(5).replaceAll("\\s", ""), token);
        switch (shape) {
            case 0 -> b = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, time).subject(name)
                    .body("Process " + token + " exited unexpectedly\n" + text(r.nextInt(200)));
            case 1 -> b = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, time).subject(name + " running again").resolved(true)
                    .body(text(50)).fact(Facts.DURATION, "3m");
            case 2 -> b = Alert.of("logmon", AlertKind.LOG_MATCH, time).subject(name).fact(Facts.LINES, lines(1 + r.nextInt(5), 120));
            case 3 -> { // crashmail --tail N of long lines
                String tail = lines(1 + r.nextInt(100), 400);
                b = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, time).subject(name).fact(Facts.TAIL, tail)
                        .body("Process " + token + " exited unexpectedly\n\n" + tail);
            }
            case 4 -> { // --tail 5 after a line of 5,000 emoji
                String tail = EMOJI.get(r.nextInt(EMOJI.size())).repeat(5000) + "\n" + lines(4, 80);
                b = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, time).subject(name).fact(Facts.TAIL, tail).body(tail);
            }
            case 5 -> { // a digest: crashmailbatch, fatalmailbatch
                StringBuilder body = new StringBuilder();
                int count = 100 + r.nextInt(400);
                for (int i = 0; i < count; i++) {
                    body.append("Process g:p").append(i).append(" (pid ").append(1000 + i).append(") died unexpectedly ")
                            .append(text(r.nextInt(60))).append('\n');
                }
                return Alert.of("crashmailbatch", AlertKind.PROCESS_CRASHED, time).subject(" " + token + " Crash alert from supervisord on web1")
                        .body(body.toString()).process(p).fact(Facts.COUNT, count).build();
            }
            case 6 -> b = Alert.of("crashmail", AlertKind.PROCESS_CRASHED, time).subject(name).body(text(100_000)); // 100 KB
            case 7 -> b = Alert.of("logmon", AlertKind.LOG_MATCH, time).subject(name).fact(Facts.LINES, lines(1 + r.nextInt(1000), 200));
            default -> b = Alert.of("httpok", AlertKind.HTTP_BAD_STATUS, time).subject(name)
                    .fact(Facts.URL, "http://web1.example/" + text(30)).fact(Facts.CHECK, text(20)).body(text(r.nextInt(2000)));
        }
        return b.process(p).pid(1000 + n).state(r.nextBoolean() ? "EXITED" : "BACKOFF").build();
    }

    String lines(int count, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(text(r.nextInt(maxLength + 1))).append('\n');
        }
        return b.toString();
    }

    /** About {@code length} characters of mixed text (code points, never half a pair). */
    String text(int length) {
        StringBuilder b = new StringBuilder();
        while (b.length() < length) {
            int k = r.nextInt(20);
            if (k < 6) {
                b.append(ASCII.charAt(r.nextInt(ASCII.length())));
            } else if (k < 9) {
                b.append(CJK.charAt(r.nextInt(CJK.length())));
            } else if (k < 12) {
                b.append(EMOJI.get(r.nextInt(EMOJI.size())));
            } else if (k < 15) {
                b.append(MARKUP.charAt(r.nextInt(MARKUP.length())));
            } else if (k < 17) {
                b.append(HOSTILE.get(r.nextInt(HOSTILE.size())));
            } else if (k < 18) {
                b.append(r.nextBoolean() ? '\n' : '\t');
            } else {
                b.append(' ');
            }
        }
        return b.toString();
    }
}
