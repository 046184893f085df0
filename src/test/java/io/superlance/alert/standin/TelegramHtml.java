package io.superlance.alert.standin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Telegram's HTML parse mode as the Bot API's "Formatting options" describe it: only its listed tags,
 * each closed in order; {@code <}, {@code >} and {@code &} outside tags only as entities; the named entities
 * {@code &lt; &gt; &amp; &quot;} and numeric ones. Anything else is what Telegram refuses with
 * 400 "Bad Request: can't parse entities: ...". The result is the text a reader sees and the formatting
 * and links it carries.
 */
final class TelegramHtml {
    static final Set<String> TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
            "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji");
    private static final Map<String, String> NAMED = Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"");
    private static final Pattern ATTR = Pattern.compile("\\s*([a-zA-Z-]+)\\s*(?:=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");

    /** Why the text cannot be parsed; its message is what follows "can't parse entities: ". */
    static final class ParseError extends Exception {
        ParseError(String message) {
            super(message, null, false, false);
        }
    }

    record Parsed(String text, List<Element> elements) {
    }

    private TelegramHtml() {
    }

    static Parsed parse(String html) throws ParseError {
        StringBuilder text = new StringBuilder();
        List<Element> elements = new ArrayList<>();
        ArrayDeque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    throw new ParseError("Can't find end of the entity starting at byte offset " + offset(html, i));
                }
                String tag = html.substring(i + 1, end);
                if (tag.startsWith("/")) {
                    String name = tag.substring(1).strip().toLowerCase();
                    if (open.isEmpty()) {
                        throw new ParseError("Unexpected end tag at byte offset " + offset(html, i));
                    }
                    if (!open.peek().equals(name)) {
                        throw new ParseError("Can't find end tag corresponding to start tag \"" + open.peek() + "\"");
                    }
                    open.pop();
                } else {
                    Matcher nm = Pattern.compile("^([a-zA-Z][a-zA-Z0-9-]*)").matcher(tag);
                    String name = nm.find() ? nm.group(1).toLowerCase() : "";
                    if (!TAGS.contains(name)) {
                        throw new ParseError("Unsupported start tag \"" + name + "\" at byte offset " + offset(html, i));
                    }
                    Map<String, String> attrs = attributes(tag.substring(name.length()), html, i);
                    switch (name) {
                        case "a" -> {
                            if (!attrs.containsKey("href")) {
                                throw new ParseError("Can't find href attribute of tag \"a\" at byte offset " + offset(html, i));
                            }
                            elements.add(new Element(attrs.get("href").startsWith("tg://user") ? "mention" : "link", attrs.get("href")));
                        }
                        case "span" -> {
                            if (!"tg-spoiler".equals(attrs.get("class"))) {
                                throw new ParseError("Tag \"span\" must have class \"tg-spoiler\" at byte offset " + offset(html, i));
                            }
                            elements.add(new Element("format", "tg-spoiler"));
                        }
                        case "tg-emoji" -> elements.add(new Element("image", attrs.getOrDefault("emoji-id", "")));
                        default -> elements.add(new Element("format", name));
                    }
                    open.push(name);
                }
                i = end + 1;
            } else if (c == '&') {
                int semi = html.indexOf(';', i);
                String name = semi < 0 ? "" : html.substring(i + 1, semi);
                if (NAMED.containsKey(name)) {
                    text.append(NAMED.get(name));
                } else if (name.matches("#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}")) {
                    int cp = name.startsWith("#x") || name.startsWith("#X") ? Integer.parseInt(name.substring(2), 16)
                            : Integer.parseInt(name.substring(1));
                    if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        throw new ParseError("Invalid numeric entity at byte offset " + offset(html, i));
                    }
                    text.appendCodePoint(cp);
                } else {
                    throw new ParseError("Character '&' must be escaped as \"&amp;\" at byte offset " + offset(html, i));
                }
                i = semi + 1;
            } else if (c == '>') {
                throw new ParseError("Character '>' must be escaped as \"&gt;\" at byte offset " + offset(html, i));
            } else {
                text.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw new ParseError("Can't find end tag corresponding to start tag \"" + open.peek() + "\"");
        }
        return new Parsed(text.toString(), elements);
    }

    private static Map<String, String> attributes(String s, String html, int at) throws ParseError {
        Map<String, String> out = new java.util.HashMap<>();
        Matcher m = ATTR.matcher(s);
        int pos = 0;
        while (pos < s.length() && !s.substring(pos).isBlank() && !s.substring(pos).strip().equals("/")) {
            m.region(pos, s.length());
            if (!m.lookingAt() || m.end() == pos) {
                throw new ParseError("Unclosed start tag at byte offset " + offset(html, at));
            }
            String v = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : "";
            out.put(m.group(1).toLowerCase(), v.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            pos = m.end();
        }
        return out;
    }

    private static int offset(String s, int index) {
        return s.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
    }
}
