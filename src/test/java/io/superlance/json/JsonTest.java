package io.superlance.json;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading the services' answers, and writing what is read back unchanged. */
class JsonTest {
    @Test
    void readsTheAnswersServicesGive() {
        Object telegram = Json.parse("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 5\","
                + "\"parameters\":{\"retry_after\":5}}");
        assertEquals(Boolean.FALSE, Json.at(telegram, "ok"));
        assertEquals(5L, Json.at(telegram, "parameters.retry_after"));
        assertNull(Json.at(telegram, "parameters.migrate_to_chat_id"));
        assertNull(Json.at(telegram, "ok.deeper"));

        Object feishu = Json.parse(" {\"code\": 19021, \"data\": {}, \"msg\": \"sign match fail\\u0021 \\\"x\\\"\\n\"} ");
        assertEquals(19021L, Json.at(feishu, "code"));
        assertEquals("sign match fail! \"x\"\n", Json.at(feishu, "msg"));
        assertEquals(List.of(1L, -2.5, "三", true, Map.of()), Json.parse("[1, -2.5e0, \"三\", true, {}]"));
        assertNull(Json.parse("null"));
    }

    @Test
    void whatItWritesItReadsBack() {
        Map<String, Object> doc = Map.of("text", "a \"quoted\"\n\ttab \\ and \u0001 and 😀", "n", 12L);
        assertEquals(doc, Json.parse(Json.write(doc)));
    }

    @Test
    void rejectsWhatIsNotJson() {
        for (String bad : List.of("", "<html>", "{\"a\":1", "{\"a\" 1}", "[1,]x", "{\"a\":1} trailing", "\"open", "tru")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertNull(Json.parseOrNull(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)), "too deep");
    }
}
