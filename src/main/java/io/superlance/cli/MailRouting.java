package io.superlance.cli;

import io.superlance.alert.mail.MailRoute;

import java.util.Map;

/** A command's mail options, as far as other channels need them: how mail goes out (for --sms-gateway). */
interface MailRouting {
    MailRoute route(Map<String, String> env);
}
