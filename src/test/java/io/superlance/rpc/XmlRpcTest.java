package io.superlance.rpc;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlRpcTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestsEncodeStringsBooleansAndEscapes() {
        String r = new String(XmlRpc.request("supervisor.stopProcess", "a<b>&c", true, 3), StandardCharsets.UTF_8);
        assertTrue(r.contains("<methodName>supervisor.stopProcess</methodName>"), r);
        assertTrue(r.contains("<value><string>a&lt;b&gt;&amp;c</string></value>"), r);
        assertTrue(r.contains("<value><boolean>1</boolean></value>"), r);
        assertTrue(r.contains("<value><int>3</int></value>"), r);
    }

    @Test
    void responsesDecodeStructsArraysAndScalars() throws Exception {
        Object v = XmlRpc.response("x", b("""
                <?xml version='1.0'?>
                <methodResponse><params><param><value><array><data>
                <value><struct>
                  <member><name>name</name><value><string>web</string></value></member>
                  <member><name>pid</name><value><int>42</int></value></member>
                  <member><name>ok</name><value><boolean>1</boolean></value></member>
                  <member><name>bare</name><value>text</value></member>
                  <member><name>d</name><value><double>1.5</double></value></member>
                  <member><name>n</name><value><nil/></value></member>
                </struct></value>
                </data></array></value></param></params></methodResponse>
                """));
        Map<?, ?> m = (Map<?, ?>) ((List<?>) v).get(0);
        assertEquals("web", m.get("name"));
        assertEquals(42, m.get("pid"));
        assertEquals(true, m.get("ok"));
        assertEquals("text", m.get("bare"));
        assertEquals(1.5, m.get("d"));
        assertTrue(m.containsKey("n"));
    }

    /** What supervisord 4 writes (Python's xmlrpc.client, allow_none): one line per element, empty strings. */
    @Test
    void readsSupervisordsProcessList() throws Exception {
        Object v = XmlRpc.response("supervisor.getAllProcessInfo", b("<?xml version='1.0'?>\n<methodResponse>\n<params>\n"
                + "<param>\n<value><array><data>\n<value><struct>\n<member>\n<name>name</name>\n"
                + "<value><string>web</string></value>\n</member>\n<member>\n<name>pid</name>\n<value><int>42</int></value>\n"
                + "</member>\n<member>\n<name>stderr_logfile</name>\n<value><string></string></value>\n</member>\n"
                + "</struct></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n"));
        assertEquals(List.of(Map.of("name", "web", "pid", 42, "stderr_logfile", "")), v);
        assertEquals(List.of(), XmlRpc.response("c", b("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
                + "<value><array><data>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n")));
    }

    /**
     * A log tail as supervisord sends it: Chinese, escaped markup, CR LF, and a colour code, which Python
     * writes as it is although XML 1.0 has no such character (the JDK's parser refused the whole tail).
     */
    @Test
    void readsALogTailWithChineseEscapesAndColourCodes() throws Exception {
        Object v = XmlRpc.response("supervisor.tailProcessStderrLog", b("<?xml version='1.0'?>\n<methodResponse>\n<params>\n"
                + "<param>\n<value><array><data>\n<value><string>错误：数据库连接失败 &lt;a&gt; &amp; \"q\" &#39;&#x4E2D;\r\n"
                + "line2\u001b[0m<![CDATA[<raw>]]><!-- c --></string></value>\n<value><int>120</int></value>\n"
                + "<value><boolean>0</boolean></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n"));
        assertEquals(List.of("错误：数据库连接失败 <a> & \"q\" '中\nline2\u001b[0m<raw>", 120, false), v);
    }

    @Test
    void faultsBecomeNamedOneLineErrors() {
        RpcFault f = assertThrows(RpcFault.class, () -> XmlRpc.response("supervisor.stopProcess(web, true)", b("""
                <?xml version='1.0'?>
                <methodResponse><fault><value><struct>
                <member><name>faultCode</name><value><int>70</int></value></member>
                <member><name>faultString</name><value><string>NOT_RUNNING: web</string></value></member>
                </struct></value></fault></methodResponse>
                """)));
        assertEquals(70, f.code());
        assertEquals("NOT_RUNNING", f.faultName());
        assertEquals("supervisor.stopProcess(web, true) failed: NOT_RUNNING: web", f.getMessage());
        assertEquals("supervisor.x failed: FAULT_999: odd", new RpcFault("supervisor.x", 999, "odd").getMessage());
        assertEquals("supervisor.x failed: BAD_NAME: nope", new RpcFault("supervisor.x", 10, "nope").getMessage());
    }

    @Test
    void garbageAndDoctypesAreRefused() {
        RpcException e = assertThrows(RpcException.class, () -> XmlRpc.response("c", b("<html>oops")));
        assertEquals("c: unreadable XML-RPC response: <html> where <methodResponse> was expected", e.getMessage());
        assertEquals("c: unreadable XML-RPC response: a DTD, which is not accepted", assertThrows(RpcException.class,
                () -> XmlRpc.response("c", b("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                        + "<methodResponse>&e;</methodResponse>"))).getMessage());
        assertEquals("c: response without a value", assertThrows(RpcException.class,
                () -> XmlRpc.response("c", b("<methodResponse/>"))).getMessage());
        assertThrows(RpcException.class, () -> XmlRpc.response("c", b("<other/>")));
        for (String broken : List.of(
                "<methodResponse><params><param><value><int>1</int></value></param></params>", // cut short
                "<methodResponse><params><param><value><int>1</string></value></param></params></methodResponse>",
                "<methodResponse><params><param><value><int>x</int></value></param></params></methodResponse>",
                "<methodResponse><params><param><value>&e;</value></param></params></methodResponse>",
                "<methodResponse><params><param><value>1</value></param></params></methodResponse><more/>",
                "<methodResponse><params><param><value><string>a</string></value></param></params></methodResponse")) {
            RpcException b = assertThrows(RpcException.class, () -> XmlRpc.response("c", b(broken)), broken);
            assertTrue(b.getMessage().startsWith("c: unreadable XML-RPC response: "), b.getMessage());
        }
    }
}
