package io.superlance.monitor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonCheckTest {
    static final String FLUME = """
            {"CHANNEL.ch-1":{"ChannelCapacity":"10000","ChannelFillPercentage":"95.5","Type":"CHANNEL"},
             "SOURCE.src-1":{"EventAcceptedCount":"42","OpenConnectionCount":0},
             "list":[{"x":1},{"x":2.5}], "flag": true, "nothing": null, "esc": "a\\"b\\u00e9"}
            """;

    static String check(String spec) {
        return JsonCheck.parse(spec).failure(JsonCheck.document(FLUME));
    }

    @Test
    void parsesEveryOperator() {
        assertEquals("<=", JsonCheck.parse("a.b<=1").op());
        assertEquals(">=", JsonCheck.parse("a.b >= 1").op());
        assertEquals("==", JsonCheck.parse("a==1").op());
        assertEquals("!=", JsonCheck.parse("a!=1").op());
        assertEquals("<", JsonCheck.parse("a<-1.5").op());
        assertEquals(-1.5, JsonCheck.parse("a<-1.5").threshold());
        assertEquals(">", JsonCheck.parse("a>1e3").op());
        assertEquals("a", JsonCheck.parse(" a > 1 ").path());
    }

    @Test
    void rejectsWhatIsNotAComparison() {
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse("a.b"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse("<3"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse("a=3"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse("a<x"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse("a<"));
    }

    @Test
    void keysWithDotsAndNumericStringsAsFlumeWritesThem() {
        assertEquals("CHANNEL.ch-1.ChannelFillPercentage is 95.5, expected < 80", check("CHANNEL.ch-1.ChannelFillPercentage<80"));
        assertNull(check("CHANNEL.ch-1.ChannelFillPercentage<=95.5"));
        assertNull(check("CHANNEL.ch-1.ChannelFillPercentage>90"));
        assertNull(check("CHANNEL.ch-1.ChannelCapacity==10000"));
        assertEquals("CHANNEL.ch-1.ChannelCapacity is 10000, expected != 10000", check("CHANNEL.ch-1.ChannelCapacity!=10000"));
        assertNull(check("SOURCE.src-1.OpenConnectionCount>=0"));
        assertNull(check("list.1.x==2.5"));
    }

    @Test
    void missingOrNonNumericValuesFail() {
        assertEquals("CHANNEL.ch-2.ChannelFillPercentage not found (expected < 80)", check("CHANNEL.ch-2.ChannelFillPercentage<80"));
        assertEquals("CHANNEL.ch-1.Type is 'CHANNEL', not a number", check("CHANNEL.ch-1.Type<80"));
        assertEquals("flag is true, not a number", check("flag<1"));
        assertEquals("nothing is null, not a number", check("nothing<1"));
        assertEquals("list.7.x not found (expected < 1)", check("list.7.x<1"));
    }

    @Test
    void theReaderHandlesEscapesAndRejectsGarbage() {
        assertEquals("a\"bé", ((java.util.Map<?, ?>) JsonCheck.document(FLUME)).get("esc"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.document("<html>"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.document("{\"a\":1"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.document("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.document(""));
    }
}
