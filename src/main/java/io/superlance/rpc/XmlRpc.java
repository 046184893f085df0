package io.superlance.rpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** XML-RPC requests and responses: the value types supervisord uses (int, boolean, string, double, array, struct, nil). */
final class XmlRpc {
    private XmlRpc() {
    }

    static byte[] request(String method, Object... params) {
        StringBuilder b = new StringBuilder(256);
        b.append("<?xml version=\"1.0\"?>\n<methodCall><methodName>").append(escape(method)).append("</methodName><params>");
        for (Object p : params) {
            b.append("<param>");
            value(b, p);
            b.append("</param>");
        }
        return b.append("</params></methodCall>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder b, Object v) {
        b.append("<value>");
        if (v instanceof Boolean bool) {
            b.append("<boolean>").append(bool ? 1 : 0).append("</boolean>");
        } else if (v instanceof Integer i) {
            b.append("<int>").append(i).append("</int>");
        } else if (v instanceof Double d) {
            b.append("<double>").append(d).append("</double>");
        } else if (v instanceof List<?> list) {
            b.append("<array><data>");
            list.forEach(e -> value(b, e));
            b.append("</data></array>");
        } else {
            b.append("<string>").append(escape(String.valueOf(v))).append("</string>");
        }
        b.append("</value>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** @return the result value; throws {@link RpcFault} for a fault response */
    static Object response(String call, byte[] xml) throws RpcException {
        XmlReader r = new XmlReader(new String(xml, StandardCharsets.UTF_8));
        try {
            String root = r.open();
            if (!root.equals("methodResponse")) {
                throw r.unreadable("<" + root + "> where <methodResponse> was expected");
            }
            if (r.next("fault")) {
                r.open();
                r.expect("value");
                Object f = value(r);
                if (f instanceof Map<?, ?> m && m.get("faultCode") instanceof Integer code) {
                    throw new RpcFault(call, code, String.valueOf(m.get("faultString")));
                }
                throw new RpcException(call + ": malformed fault in response");
            }
            if (!r.next("params")) {
                throw new RpcException(call + ": response without a value");
            }
            r.open();
            if (!r.next("param")) {
                throw new RpcException(call + ": response without a value");
            }
            r.open();
            r.expect("value");
            Object result = value(r);
            r.close("param");
            r.close("params");
            r.close("methodResponse");
            r.end();
            return result;
        } catch (XmlReader.Unreadable e) {
            throw new RpcException(call + ": unreadable XML-RPC response: " + e.getMessage(), e);
        }
    }

    /** The value whose {@code <value>} was just opened, up to and with its {@code </value>}. */
    private static Object value(XmlReader r) throws XmlReader.Unreadable {
        String text = r.text();
        if (r.atEnd()) {
            r.close("value");
            return text; // a bare <value>text</value> is a string
        }
        if (!text.isBlank()) {
            throw r.unreadable("text before the <value>'s type");
        }
        String type = r.open();
        Object v;
        switch (type) {
            case "int", "i4", "i8" -> v = number(r, type, Integer::parseInt);
            case "boolean" -> v = r.text().strip().equals("1");
            case "string" -> v = r.text();
            case "double" -> v = number(r, type, Double::parseDouble);
            case "nil" -> v = null;
            case "array" -> {
                List<Object> list = new ArrayList<>();
                r.expect("data");
                while (r.next("value")) {
                    r.open();
                    list.add(value(r));
                }
                r.close("data");
                v = list;
            }
            case "struct" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (r.next("member")) {
                    r.open();
                    r.expect("name");
                    String name = r.text();
                    r.close("name");
                    r.expect("value");
                    map.put(name, value(r));
                    r.close("member");
                }
                v = map;
            }
            default -> v = r.text(); // dateTime.iso8601, base64: not used by the calls we make
        }
        r.close(type);
        r.close("value");
        return v;
    }

    private static Object number(XmlReader r, String type, java.util.function.Function<String, Object> parse)
            throws XmlReader.Unreadable {
        String text = r.text().strip();
        try {
            return parse.apply(text);
        } catch (NumberFormatException e) {
            throw r.unreadable("<" + type + "> holds " + text);
        }
    }
}
