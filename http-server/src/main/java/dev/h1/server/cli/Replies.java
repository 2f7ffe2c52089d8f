package dev.h1.server.cli;

import dev.h1.codec.HttpStatus;
import dev.h1.server.api.ServerResponse;

/** Whole short responses the routes send: a status with a one-line plain-text body that never echoes the request. */
final class Replies {

    static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private Replies() {
    }

    /** Ends {@code res} with {@code status} and its reason phrase as the body. */
    static void status(ServerResponse res, int status) {
        res.statusCode(status);
        res.setHeader("Content-Type", TEXT_PLAIN);
        res.end(HttpStatus.reasonPhrase(status) + "\n");
    }

    /** 405, with the methods the route does allow (RFC 9110 §15.5.6: a 405 response must carry Allow). */
    static void methodNotAllowed(ServerResponse res, String allow) {
        res.setHeader("Allow", allow);
        status(res, 405);
    }
}
