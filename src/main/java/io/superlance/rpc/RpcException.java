package io.superlance.rpc;

import java.io.IOException;

/** A call to supervisord did not give an answer: unreachable, timed out, refused our credentials, garbled. */
public class RpcException extends IOException {
    public RpcException(String message) {
        super(message);
    }

    public RpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
