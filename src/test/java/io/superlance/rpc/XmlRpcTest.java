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
        assertTrue(e.getMessage().startsWith("c: unreadable XML-RPC response"), e.getMessage());
        assertThrows(RpcException.class, () -> XmlRpc.response("c", b(
                "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><methodResponse>&e;</methodResponse>")));
        assertThrows(RpcException.class, () -> XmlRpc.response("c", b("<methodResponse/>")));
        assertThrows(RpcException.class, () -> XmlRpc.response("c", b("<other/>")));
    }
}
