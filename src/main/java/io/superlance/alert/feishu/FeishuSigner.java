package io.superlance.alert.feishu;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Feishu/Lark's custom bot signature ("签名校验"): {@code sign = base64(HmacSHA256(key = timestamp + "\n" + secret,
 * data = empty))}, the timestamp in seconds; both go into the request body. Unlike DingTalk's, the string is
 * the key and the data is empty. Feishu refuses a timestamp more than an hour from its clock (code 19021).
 */
public final class FeishuSigner {
    private final String secret;

    public FeishuSigner(String secret) {
        this.secret = secret;
    }

    /** The signature for a timestamp in seconds. */
    public String sign(long timestampSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e); // every JDK has it
        }
    }
}
