package io.superlance.alert.standin;

/**
 * Something a service's renderer makes of markup, which a reader sees as more than text: a live link, an
 * image, a mention, a colour, a formatting tag.
 *
 * @param kind  {@code link}, {@code image}, {@code mention}, {@code colour}, {@code format}
 * @param value the link's target, the mentioned id, the colour, the tag
 */
public record Element(String kind, String value) {
}
