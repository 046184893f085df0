package io.superlance.protocol;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensTest {
    @Test
    void keepsOrderAndTheValueAfterTheFirstColon() throws Exception {
        assertEquals(Map.of("ver", "3.0", "when", "12:30:00", "empty", ""),
                Tokens.parse("ver:3.0 when:12:30:00 empty:").toMap());
        assertEquals("[ver, when, empty]", Tokens.parse("ver:3.0 when:12:30:00 empty:").toMap().keySet().toString());
    }

    @Test
    void runsOfSpacesAndSurroundingWhitespaceSeparateNothing() throws Exception {
        assertEquals(Map.of("a", "1", "b", "2"), Tokens.parse("  a:1    b:2 \r").toMap());
        assertEquals(Map.of(), Tokens.parse("   ").toMap());
    }

    @Test
    void aTokenWithoutKeyOrColonIsMalformed() {
        assertTrue(assertThrows(MalformedPayloadException.class, () -> Tokens.parse("a:1 junk b:2"))
                .getMessage().contains("junk"));
        assertThrows(MalformedPayloadException.class, () -> Tokens.parse("a:1 :2"));
        // the colon of the next token does not make this one key:value
        assertEquals("token \"junk\" is not key:value",
                assertThrows(MalformedPayloadException.class, () -> Tokens.parse("junk b:2")).getMessage());
    }
}
