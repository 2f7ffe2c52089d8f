package dev.h1.codec;

/** User event: the decoder consumed the first byte of a new request. */
public enum RequestStarted {
    INSTANCE
}
