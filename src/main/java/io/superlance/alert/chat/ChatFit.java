package io.superlance.alert.chat;

import io.superlance.alert.Alert;
import io.superlance.alert.DeliveryException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Keeps a chat channel's messages within its service's size limit, the one way for every chat channel:
 * the plain content is shortened (fewer alerts listed, fewer and shorter quoted lines, shorter values,
 * {@link ChatCard.Detail}) and rendered again through the service's markup, measured as the service
 * measures it, until it fits; rendered markup is never cut, so no tag, entity, fence or character is
 * split. What is left out is said ("… 92 more lines; the listener's log has them all"). A digest's lines
 * are not shortened but split into numbered parts ("(1/3)"), each a post of its own. A service's "too
 * long" answer ({@link TooLong}) lowers the limit and the shorter form goes at once.
 *
 * @param <T> the channel's message, e.g. a JSON body
 */
public final class ChatFit<T> {
    /** Most posts a digest is split into; past them, its last part says how many lines are left out. */
    static final int MAX_PARTS = 5;
    /** Most posts one delivery makes: a digest's parts and one message for the rest. */
    static final int MAX_POSTS = MAX_PARTS + 1;
    /** Fewer units than this left after "too long" answers: the service takes nothing we can send. */
    private static final int FLOOR = 64;

    /** A channel's message for alerts, showing as much as the detail says. */
    public interface Render<T> {
        T render(List<Alert> alerts, ChatCard.Detail detail);
    }

    /** Posts one message; {@link TooLong} when the service says it is too long. */
    public interface Poster<T> {
        void post(T message) throws DeliveryException, TooLong;
    }

    /** Takes {@code posts} posts from the channel's rate budget, or says when to retry. */
    public interface Budget {
        void take(int posts) throws DeliveryException;
    }

    /** The service refused a message as too long. */
    public static final class TooLong extends Exception {
        public TooLong(String said) {
            super(said);
        }
    }

    private final Render<T> render;
    private final ToIntFunction<T> size;
    private final String unit;
    private volatile int limit;
    private final int maxPosts;
    private final int maxParts;
    /** The label a part is measured with before the count of parts is known: as long as any. */
    private final String widestLabel;

    /**
     * @param size  a message's size as the service measures it
     * @param limit the service's documented limit in that measure
     * @param unit  the measure's name for log lines, e.g. {@code bytes}
     */
    public ChatFit(Render<T> render, ToIntFunction<T> size, int limit, String unit) {
        this(render, size, limit, unit, MAX_POSTS);
    }

    /**
     * @param maxPosts most posts one delivery may make, at most {@link #MAX_POSTS}: no more than the service
     *                 takes at once (Feishu 5 a second, Slack 1), or a digest's last parts are refused and the
     *                 retry sends its first parts again
     */
    public ChatFit(Render<T> render, ToIntFunction<T> size, int limit, String unit, int maxPosts) {
        this.render = render;
        this.size = size;
        this.limit = limit;
        this.unit = unit;
        this.maxPosts = Math.max(1, Math.min(MAX_POSTS, maxPosts));
        this.maxParts = Math.max(1, this.maxPosts - 1);
        this.widestLabel = " (" + maxParts + "/" + maxParts + ")";
    }

    /** The limit messages are held to now: the documented one, or lower after a "too long" answer. */
    public int limit() {
        return limit;
    }

    /**
     * Sends the alerts as one message, or several where a digest is split: takes the budget for all of
     * them, posts them in order, and on a "too long" answer renders again under a lower limit.
     */
    public void send(List<Alert> alerts, Budget budget, Poster<T> poster) throws DeliveryException {
        while (true) {
            List<T> messages = messages(alerts);
            budget.take(messages.size());
            T posting = null;
            try {
                for (T m : messages) {
                    posting = m;
                    poster.post(m);
                }
                return;
            } catch (TooLong e) {
                // the service counts otherwise than it documents: stay well under what it refused, from now on
                int lower = Math.min(limit, size.applyAsInt(posting)) * 3 / 4;
                if (lower < FLOOR) {
                    throw new DeliveryException(e.getMessage() + ", even at " + size.applyAsInt(posting) + " " + unit, false);
                }
                limit = lower;
            }
        }
    }

    /** The messages for these alerts, each within the limit. */
    public List<T> messages(List<Alert> alerts) {
        T whole = render.render(alerts, ChatCard.Detail.FULL);
        if (fits(whole)) {
            return List.of(whole);
        }
        // each digest in parts while the posts stay few (a robot's budget is ~20 a minute); the rest shortened
        List<Alert> shortened = new ArrayList<>(alerts.stream().filter(a -> !ChatCard.isDigest(a)).toList());
        List<Alert> digests = alerts.stream().filter(ChatCard::isDigest).toList();
        List<T> parts = new ArrayList<>();
        for (int i = 0; i < digests.size(); i++) {
            List<T> p = parts(digests.get(i));
            boolean more = i + 1 < digests.size();
            if (parts.size() + p.size() + (shortened.isEmpty() && !more ? 0 : 1) > maxPosts) {
                shortened.addAll(digests.subList(i, digests.size()));
                break;
            }
            parts.addAll(p);
        }
        List<T> out = new ArrayList<>();
        if (!shortened.isEmpty()) {
            out.add(shortened(shortened));
        }
        out.addAll(parts);
        return out;
    }

    /** The first detail that fits; at the least, the title and the count. */
    private T shortened(List<Alert> alerts) {
        for (ChatCard.Detail d : ChatCard.Detail.SHORTER) {
            T t = render.render(alerts, d);
            if (fits(t)) {
                return t;
            }
        }
        return render.render(alerts, ChatCard.Detail.TITLE);
    }

    /** A digest as numbered parts that each fit, all its lines over at most {@code maxParts} of them. */
    private List<T> parts(Alert digest) {
        String[] lines = digest.body().strip().split("\r?\n|\r");
        List<int[]> chunks = new ArrayList<>();
        int at = 0;
        while (at < lines.length && chunks.size() < maxParts) {
            boolean last = chunks.size() == maxParts - 1;
            int from = at;
            int n = lines.length - from;
            if (!fits(part(digest, lines, from, n, widestLabel, last))) {
                int lo = 1; // the most lines that fit; one at least, its line cut by the detail
                int hi = n - 1;
                while (lo < hi) {
                    int mid = (lo + hi + 1) >>> 1;
                    if (fits(part(digest, lines, from, mid, widestLabel, last))) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                n = lo;
            }
            chunks.add(new int[] {from, n});
            at = from + n;
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            int[] c = chunks.get(i);
            out.add(part(digest, lines, c[0], c[1], " (" + (i + 1) + "/" + chunks.size() + ")", i == maxParts - 1));
        }
        return out;
    }

    /** A part's message: the digest's subject with its number, {@code n} lines, and on the last part the count of those left out. */
    private T part(Alert digest, String[] lines, int from, int n, String label, boolean last) {
        StringBuilder body = new StringBuilder(String.join("\n", Arrays.asList(lines).subList(from, from + n)));
        int left = lines.length - from - n;
        if (last && left > 0) {
            body.append("\n… ").append(left).append(left == 1 ? " more line; " : " more lines; ").append(ChatCard.IN_THE_LOG);
        }
        Alert part = digest.withSubject(digest.subject().strip() + label).withBody(body.toString());
        return render.render(List.of(part), ChatCard.Detail.PART);
    }

    /** Bytes of UTF-8: how DingTalk, WeCom and Feishu measure. */
    public static int utf8Bytes(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private boolean fits(T message) {
        return size.applyAsInt(message) <= limit;
    }
}
