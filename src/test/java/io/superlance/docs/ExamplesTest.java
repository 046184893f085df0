package io.superlance.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code command=} of an {@code [eventlistener:x]} example in README.md, docs/ and supervisord.conf.example
 * starts as the listener would, outside supervisord: its options parse, its channels are built, and it stops with
 * exit 1 ("must run as a supervisord event listener"), never 2 (a bad option or setting). The files an example
 * names for secrets (--dingtalk-file /etc/superlance/dingtalk.url) are made with a plausible content when they
 * do not exist, as they would on the operator's host.
 */
class ExamplesTest {
    private static final String OUTSIDE = "must run as a supervisord event listener";

    /** What a secret file holds, by the option naming it: the content an operator would put there. */
    private static final Map<String, String> FILE_CONTENT = Map.ofEntries(
            Map.entry("--dingtalk-file", "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef"),
            Map.entry("--dingtalk-secret-file", "SEC0123456789abcdef0123456789abcdef"),
            Map.entry("--webhook-file", "https://hooks.example.com/superlance"),
            Map.entry("--webhook-bearer-file", "0123456789abcdefToken"),
            Map.entry("--webhook-basic-file", "alerts:password"),
            Map.entry("--alertmanager-file", "http://alertmanager.example.com:9093"),
            Map.entry("--alertmanager-bearer-file", "0123456789abcdefToken"),
            Map.entry("--alertmanager-basic-file", "alerts:password"),
            Map.entry("--smtp-password-file", "password"),
            Map.entry("--url-file", "https://hc-ping.com/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"),
            Map.entry("--fail-url-file", "https://hc-ping.com/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/fail"),
            Map.entry("--wecom-url-file", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"),
            Map.entry("--feishu-url-file", "https://open.feishu.cn/open-apis/bot/v2/hook/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"),
            Map.entry("--feishu-secret-file", "0123456789abcdefSecret"),
            Map.entry("--slack-url-file", "https://hooks.slack.com/services/T0000/B0000/0123456789abcdefABCDEF"),
            Map.entry("--telegram-token-file", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"),
            Map.entry("--template", "{subject}\n{lines}"));

    /** One example: where it is, its command line, its environment= settings. */
    record Example(String where, String command, Map<String, String> environment) {
    }

    /** The examples of one ini block: each [eventlistener:x] section's command=, and a bare command= outside any section. */
    static List<Example> examples(String doc, Docs.Block block) {
        List<Example> examples = new ArrayList<>();
        String section = null;
        String command = null;
        int commandLine = 0;
        boolean continuesCommand = false;
        Map<String, String> env = new LinkedHashMap<>();
        List<String> lines = block.lines();
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "[end]";
            if (line.isBlank() || line.stripLeading().startsWith(";") || line.stripLeading().startsWith("#")) {
                continue;
            }
            line = line.replaceFirst("\\s;.*$", ""); // an inline comment, as supervisord's parser reads it
            if (Character.isWhitespace(line.charAt(0))) { // a continuation: supervisord joins it to its key's value
                if (continuesCommand) {
                    command += "\n" + line.strip();
                }
                continue;
            }
            continuesCommand = line.startsWith("command=");
            boolean ours = section == null || section.startsWith("eventlistener:");
            if (line.startsWith("[") || line.startsWith("command=")) {
                if (command != null && ours) {
                    examples.add(new Example(doc + ":" + commandLine + (section == null ? "" : " [" + section + "]"), command, env));
                }
                if (line.startsWith("[")) {
                    section = line.substring(1, line.indexOf(']'));
                    env = new LinkedHashMap<>();
                    command = null;
                } else {
                    command = line.substring("command=".length());
                    commandLine = block.line() + 1 + i;
                }
            } else if (line.startsWith("environment=")) {
                env.putAll(environment(line.substring("environment=".length())));
            }
        }
        return examples;
    }

    /** supervisord's environment=: KEY="value",KEY2=value. */
    static Map<String, String> environment(String value) {
        Map<String, String> env = new HashMap<>();
        for (String pair : shlexSplit(value.replace(",", " "))) {
            int eq = pair.indexOf('=');
            env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return env;
    }

    /** Python's shlex.split in POSIX mode, which supervisord applies to command=. */
    static List<String> shlexSplit(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                assertTrue(end > 0, "unclosed ' in: " + s);
                word.append(s, i + 1, end);
                i = end;
            } else if (c == '"') {
                for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length() && "\\\"$`\n".indexOf(s.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    word.append(s.charAt(i));
                }
                assertTrue(i < s.length(), "unclosed \" in: " + s);
            } else if (c == '\\' && i + 1 < s.length()) {
                word.append(s.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    static List<Example> allExamples() {
        List<Example> all = new ArrayList<>();
        List<Path> docs = new ArrayList<>(Docs.all());
        docs.add(Path.of("supervisord.conf.example"));
        for (Path doc : docs) {
            String text = Docs.read(doc);
            List<Docs.Block> blocks = doc.toString().endsWith(".md") ? Docs.blocks(text)
                    : List.of(new Docs.Block("ini", List.of(text.split("\n", -1)), 0));
            for (Docs.Block b : blocks) {
                if (b.info().equals("ini")) {
                    all.addAll(examples(doc.toString(), b));
                }
            }
        }
        return all;
    }

    /** The arguments superlance gets: the command names the program (/opt/superlance/bin/superlance, or crashmail). */
    private static List<String> arguments(Example e) {
        List<String> words = shlexSplit(e.command());
        String program = Path.of(words.get(0)).getFileName().toString();
        List<String> args = new ArrayList<>(words.subList(1, words.size()));
        if (Cli.commands().containsKey(program)) {
            args.add(0, program);
        } else {
            assertEquals("superlance", program, e.where() + ": not a superlance command: " + e.command());
        }
        return args;
    }

    /** Secret files the example names and this machine lacks, made with what they would hold. */
    private static List<String> withFiles(List<String> args, Path dir) throws Exception {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i < out.size(); i++) {
            String arg = out.get(i);
            String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!FILE_CONTENT.containsKey(option)) {
                continue;
            }
            int at = arg.equals(option) ? i + 1 : i;
            String value = arg.equals(option) ? out.get(at) : arg.substring(option.length() + 1);
            String prefix = option.equals("--template") ? value.substring(0, value.indexOf('=') + 1) : "";
            Path file = Path.of(value.substring(prefix.length()));
            if (!Files.exists(file)) {
                Path made = Files.createTempFile(dir, "secret", ".txt");
                Files.writeString(made, FILE_CONTENT.get(option) + "\n");
                String replaced = prefix + made;
                out.set(at, arg.equals(option) ? replaced : option + "=" + replaced);
            }
        }
        return out;
    }

    /**
     * Where this machine has no /usr/sbin/sendmail (the default mail command, checked at start), a command that
     * mails by it gets a stand-in command, so the rest of its line is still checked.
     */
    private static List<String> withSendmail(List<String> args, Path dir) throws Exception {
        if (Files.isExecutable(Path.of("/usr/sbin/sendmail"))) {
            return args;
        }
        Path sendmail = dir.resolve("sendmail");
        if (!Files.exists(sendmail)) {
            Files.writeString(sendmail, "#!/bin/sh\ncat >/dev/null\n");
            sendmail.toFile().setExecutable(true);
        }
        Set<String> commands = Cli.commands().keySet();
        List<String> out = new ArrayList<>();
        List<String> segment = new ArrayList<>();
        for (int i = 0; i <= args.size(); i++) {
            if (i == args.size() || (commands.contains(args.get(i)) && (i == 0 || !args.get(i - 1).startsWith("-")))) {
                boolean mails = segment.stream().anyMatch(a -> a.equals("-m") || a.startsWith("--email") || a.startsWith("--sms-gateway")
                        || (a.startsWith("-m") && !a.startsWith("--")));
                boolean ownRoute = segment.stream().anyMatch(a -> a.startsWith("-s") || a.startsWith("--sendmail") || a.startsWith("--smtp-host"));
                // crashmail's mail options (the batch commands send by SMTP unless told otherwise)
                boolean sendmailOption = !segment.isEmpty() && Cli.commands().get(segment.get(0)).getCommandSpec()
                        .findOption("--smtp-host") != null;
                out.addAll(segment);
                if (mails && !ownRoute && sendmailOption) {
                    out.add("--sendmail=" + sendmail);
                }
                segment = new ArrayList<>();
            }
            if (i < args.size()) {
                segment.add(args.get(i));
            }
        }
        return out;
    }

    @Test
    void everyListenerExampleStartsAndStopsOnlyBecauseNoSupervisordRunsIt(@TempDir Path dir) throws Exception {
        List<Example> examples = allExamples();
        assertTrue(examples.size() >= 10, "examples found: " + examples.size());
        List<String> problems = new ArrayList<>();
        for (Example e : examples) {
            Map<String, String> env = new HashMap<>(e.environment());
            env.put("SUPERLANCE_STATE_DIR", dir.resolve("state").toString());
            env.put("HOME", dir.toString());
            List<String> args = withSendmail(withFiles(arguments(e), dir), dir);
            Cli.Run run = Cli.run(env, args);
            if (run.status() != 1 || !run.stderr().contains(OUTSIDE)) {
                problems.add(e.where() + ": exit " + run.status() + " (expected 1, '" + OUTSIDE + "'): " + run.stderr()
                        + "\n    command=" + e.command().replace("\n", "\n        "));
            }
        }
        assertEquals("", String.join("\n", problems), problems.size() + " of " + examples.size() + " examples do not start");
    }

    @Test
    void aBrokenExampleIsCaught(@TempDir Path dir) throws Exception {
        Docs.Block block = new Docs.Block("ini", List.of("[eventlistener:x]",
                "command=/opt/superlance/bin/superlance crashmail -a --dingtalk-file /etc/superlance/dingtalk.url",
                "    --min-interval 5 minutes"), 1);
        List<Example> examples = examples("test", block);
        assertEquals(1, examples.size());
        Cli.Run run = Cli.run(Map.of("SUPERLANCE_STATE_DIR", dir.toString()), withFiles(arguments(examples.get(0)), dir));
        assertEquals(2, run.status(), run.stderr());
    }

    @Test
    void commandLinesAreSplitAsSupervisordSplitsThem() {
        assertEquals(List.of("a", "b c", "d\"e", "f g", "x=5 16 * * *"),
                shlexSplit("a 'b c' \"d\\\"e\"\n  f\\ g x='5 16 * * *'"));
        assertEquals(Map.of("A", "1", "B", "two words"), environment("A=\"1\",B=\"two words\""));
    }
}
