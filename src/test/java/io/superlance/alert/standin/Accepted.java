package io.superlance.alert.standin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A message the service took: the text a reader sees (markup as sent) and what its renderer would show
 * as more than text.
 *
 * @param text     the message's text as sent (title and body, markup included)
 * @param document the whole request document
 * @param elements links, images, mentions, colours and formatting the service would render
 */
public record Accepted(String text, JsonNode document, List<Element> elements) {
    public boolean has(String kind) {
        return elements.stream().anyMatch(e -> e.kind().equals(kind));
    }
}
