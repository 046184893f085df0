package io.superlance.rpc;

/**
 * Reads the XML of an XML-RPC response one element at a time: elements, text, the predefined entities,
 * character references, CDATA, comments and the XML declaration. That is all XML-RPC uses, and it
 * spares every listener the JDK's XML parser, which was 1 to 2 MB of its private memory (its
 * classes, tables and the code compiled for it; docs/FOOTPRINT.md). A DTD is refused, so no entity can
 * reach outside the response. Attributes, which XML-RPC does not have, are skipped.
 */
final class XmlReader {
    /** The response is not XML that this reader takes; the message says what was found. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private final String xml;
    private int pos;
    private String empty; // the element just opened when it was written <name/>; it has no content

    XmlReader(String xml) {
        // Line ends as an XML parser reports them: CR LF and a lone CR are LF.
        this.xml = xml.indexOf('\r') < 0 ? xml : xml.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Opens the next element, which may only follow whitespace and comments: its name. */
    String open() throws Unreadable {
        if (empty != null) {
            throw unreadable("an element inside <" + empty + "/>");
        }
        skipMarkupAndSpace();
        if (pos >= xml.length()) {
            throw unreadable("the response ends where an element was expected");
        }
        if (xml.startsWith("<!", pos)) {
            throw unreadable(xml.startsWith("<!DOCTYPE", pos) ? "a DTD, which is not accepted" : "<! where an element was expected");
        }
        if (xml.charAt(pos) != '<' || xml.startsWith("</", pos)) {
            throw unreadable(found() + " where an element was expected");
        }
        int start = pos + 1;
        int nameEnd = start;
        while (nameEnd < xml.length() && isNameChar(xml.charAt(nameEnd))) {
            nameEnd++;
        }
        if (nameEnd == start) {
            throw unreadable(found() + " where an element was expected");
        }
        String name = xml.substring(start, nameEnd);
        int end = tagEnd(nameEnd);
        if (xml.charAt(end - 1) == '/') {
            empty = name;
        }
        pos = end + 1;
        return name;
    }

    /** Opens the next element, which must be {@code name}. */
    void expect(String name) throws Unreadable {
        String found = open();
        if (!found.equals(name)) {
            throw unreadable("<" + found + "> where <" + name + "> was expected");
        }
    }

    /** True when the next thing in the open element is an element {@code name}; nothing is consumed but whitespace. */
    boolean next(String name) throws Unreadable {
        if (empty != null) {
            return false;
        }
        skipMarkupAndSpace();
        int after = pos + 1 + name.length();
        return xml.startsWith("<" + name, pos) && after < xml.length()
                && (xml.charAt(after) == '>' || xml.charAt(after) == '/' || isSpace(xml.charAt(after)));
    }

    /** The text from here to the next element or end tag, entities and character references replaced. */
    String text() throws Unreadable {
        if (empty != null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        while (pos < xml.length()) {
            char c = xml.charAt(pos);
            if (c == '&') {
                int semi = xml.indexOf(';', pos);
                if (semi < 0 || semi - pos > 12) {
                    throw unreadable("an & that starts no entity");
                }
                b.append(entity(xml.substring(pos + 1, semi)));
                pos = semi + 1;
            } else if (xml.startsWith("<![CDATA[", pos)) {
                int end = until("]]>", pos + 9, "CDATA section");
                b.append(xml, pos + 9, end);
                pos = end + 3;
            } else if (xml.startsWith("<!--", pos) || xml.startsWith("<?", pos)) {
                skipMarkup();
            } else if (c == '<') {
                break;
            } else {
                b.append(c);
                pos++;
            }
        }
        return b.toString();
    }

    /** True when the open element ends here (after {@link #text()}). */
    boolean atEnd() {
        return empty != null || xml.startsWith("</", pos);
    }

    /** Closes the open element, {@code name}; only whitespace and comments may come before its end tag. */
    void close(String name) throws Unreadable {
        if (empty != null) {
            if (!empty.equals(name)) {
                throw unreadable("<" + empty + "/> where </" + name + "> was expected");
            }
            empty = null;
            return;
        }
        skipMarkupAndSpace();
        int after = pos + 2 + name.length();
        if (!xml.startsWith("</" + name, pos) || after >= xml.length()
                || (xml.charAt(after) != '>' && !isSpace(xml.charAt(after)))) {
            throw unreadable((pos >= xml.length() ? "the end of the response" : found()) + " where </" + name + "> was expected");
        }
        pos = tagEnd(after) + 1;
    }

    /** Checks that nothing but whitespace and comments follows the root element. */
    void end() throws Unreadable {
        skipMarkupAndSpace();
        if (pos < xml.length()) {
            throw unreadable(found() + " after the end of the response");
        }
    }

    Unreadable unreadable(String what) {
        return new Unreadable(what);
    }

    private String entity(String name) throws Unreadable {
        switch (name) {
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "amp":
                return "&";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            default:
                break;
        }
        try {
            if (name.startsWith("#x")) {
                return Character.toString(Integer.parseInt(name.substring(2), 16));
            }
            if (name.startsWith("#")) {
                return Character.toString(Integer.parseInt(name.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            // a number that is none, or no code point: said below
        }
        throw unreadable("&" + name + "; is no entity that XML-RPC uses");
    }

    /** The index of the {@code >} that ends the tag whose name ends at {@code from}, quoted attribute values skipped. */
    private int tagEnd(int from) throws Unreadable {
        for (int i = from; i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (c == '>') {
                return i;
            }
            if (c == '"' || c == '\'') {
                i = until(String.valueOf(c), i + 1, "attribute value");
            } else if (c == '<') {
                break;
            }
        }
        throw unreadable("a tag that does not end");
    }

    private void skipMarkupAndSpace() throws Unreadable {
        while (pos < xml.length()) {
            if (isSpace(xml.charAt(pos))) {
                pos++;
            } else if (xml.startsWith("<!--", pos) || xml.startsWith("<?", pos)) {
                skipMarkup();
            } else {
                return;
            }
        }
    }

    /** Skips the comment or processing instruction (the XML declaration is one) at {@code pos}. */
    private void skipMarkup() throws Unreadable {
        pos = xml.startsWith("<!--", pos) ? until("-->", pos + 4, "comment") + 3 : until("?>", pos + 2, "<?...?>") + 2;
    }

    private int until(String end, int from, String what) throws Unreadable {
        int i = xml.indexOf(end, from);
        if (i < 0) {
            throw unreadable("a " + what + " that does not end");
        }
        return i;
    }

    /** What is at {@code pos}, shortened, for a message. */
    private String found() {
        String rest = xml.substring(pos, Math.min(xml.length(), pos + 24)).replace('\n', ' ');
        return "\"" + rest + (pos + 24 < xml.length() ? "..." : "") + "\"";
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n';
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':';
    }
}
