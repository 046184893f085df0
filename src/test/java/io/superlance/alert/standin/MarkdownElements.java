package io.superlance.alert.standin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the robots' markdown renderers (DingTalk, WeCom, Feishu card) show as more than text: links
 * {@code [t](u)}, images {@code ![a](u)}, {@code <font color=..>} spans, and each service's mention syntax.
 * Their markdown has no escape: what matches here is rendered, wherever it came from.
 */
final class MarkdownElements {
    private static final Pattern LINK = Pattern.compile("(!?)\\[([^\\]\\n]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern FONT = Pattern.compile("<font\\s+color\\s*=\\s*[\"']?([^\"'\\s>]*)", Pattern.CASE_INSENSITIVE);
    /** WeCom: {@code <@userid>}. */
    static final Pattern WECOM_MENTION = Pattern.compile("<@([^>\\s]+)>");
    /** Feishu: {@code <at user_id="ou_..">}, {@code <at id=all>}, {@code <at email=..>}. */
    static final Pattern FEISHU_AT = Pattern.compile("<at\\s+(?:user_id|id|open_id|email)\\s*=\\s*[\"']?([^\"'\\s>]*)", Pattern.CASE_INSENSITIVE);

    private MarkdownElements() {
    }

    private static final Pattern FENCED = Pattern.compile("```.*?```", Pattern.DOTALL);

    /** Links, images and colour spans outside fenced code blocks (Feishu's card markdown shows those as code). */
    static List<Element> outsideCode(String markdown) {
        return of(FENCED.matcher(markdown).replaceAll("```code```"));
    }

    /** Links, images and colour spans. */
    static List<Element> of(String markdown) {
        List<Element> out = new ArrayList<>();
        Matcher m = LINK.matcher(markdown);
        while (m.find()) {
            out.add(new Element(m.group(1).isEmpty() ? "link" : "image", m.group(3)));
        }
        Matcher f = FONT.matcher(markdown);
        while (f.find()) {
            out.add(new Element("colour", f.group(1)));
        }
        return out;
    }

    static void mentions(Pattern p, String text, List<Element> out) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(new Element("mention", m.group(1)));
        }
    }
}
