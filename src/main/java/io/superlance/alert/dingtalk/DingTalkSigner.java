package io.superlance.alert.dingtalk;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * DingTalk's "加签" robot security: {@code sign = urlencode(base64(HmacSHA256(key = secret,
 * data = timestamp + "\n" + secret)))}, with the timestamp in milliseconds, both added to the robot URL.
 * DingTalk refuses a timestamp more than an hour away from its clock (errcode 310000).
 */
public final class DingTalkSigner {
    private final String secret;

    public DingTalkSigner(String secret) {
        this.secret = secret;
    }

    /** The robot URL with {@code &timestamp=..&sign=..} added. */
    public String sign(String robotUrl, long timestampMillis) {
        String sep = robotUrl.contains("?") ? "&" : "?";
        return robotUrl + sep + "timestamp=" + timestampMillis + "&sign=" + signature(timestampMillis);
    }

    /** The URL-encoded signature for a timestamp. */
    String signature(long timestampMillis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return URLEncoder.encode(Base64.getEncoder().encodeToString(digest), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e); // every JDK has it
        }
    }
}
