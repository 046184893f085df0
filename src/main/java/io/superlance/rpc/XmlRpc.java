package io.superlance.rpc;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
        Element root = parse(call, xml).getDocumentElement();
        if (!root.getTagName().equals("methodResponse")) {
            throw new RpcException(call + ": not an XML-RPC response (<" + root.getTagName() + ">)");
        }
        Element fault = child(root, "fault");
        if (fault != null) {
            Object f = value(child(fault, "value"));
            if (f instanceof Map<?, ?> m && m.get("faultCode") instanceof Integer code) {
                throw new RpcFault(call, code, String.valueOf(m.get("faultString")));
            }
            throw new RpcException(call + ": malformed fault in response");
        }
        Element params = child(root, "params");
        Element param = params == null ? null : child(params, "param");
        if (param == null) {
            throw new RpcException(call + ": response without a value");
        }
        return value(child(param, "value"));
    }

    private static Document parse(String call, byte[] xml) throws RpcException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // Only ever plain XML-RPC: no DTDs, no external entities.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new RpcException(call + ": unreadable XML-RPC response: " + e.getMessage(), e);
        }
    }

    private static Object value(Element value) throws RpcException {
        if (value == null) {
            throw new RpcException("XML-RPC value missing");
        }
        Element typed = firstElement(value);
        if (typed == null) {
            return value.getTextContent(); // a bare <value>text</value> is a string
        }
        String text = typed.getTextContent();
        switch (typed.getTagName()) {
            case "int", "i4", "i8":
                return Integer.parseInt(text.strip());
            case "boolean":
                return text.strip().equals("1");
            case "string":
                return text;
            case "double":
                return Double.parseDouble(text.strip());
            case "nil":
                return null;
            case "array": {
                List<Object> list = new ArrayList<>();
                Element data = child(typed, "data");
                if (data != null) {
                    for (Node n = data.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n instanceof Element e && e.getTagName().equals("value")) {
                            list.add(value(e));
                        }
                    }
                }
                return list;
            }
            case "struct": {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Node n = typed.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element member && member.getTagName().equals("member")) {
                        Element name = child(member, "name");
                        map.put(name == null ? "" : name.getTextContent(), value(child(member, "value")));
                    }
                }
                return map;
            }
            default:
                return text; // dateTime.iso8601, base64: not used by the calls we make
        }
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }
}
