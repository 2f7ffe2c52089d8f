package dev.h1.codec.decoder;

import dev.h1.codec.Headers;

/**
 * Which of the fields that {@link HeadAssembler} and {@link BodyFraming} look up a header section holds, as a bit
 * set in an {@code int}, recorded by {@link FieldSectionReader} as it reads each name: a lookup of a field the set
 * lacks is skipped, since it would find nothing. Names are matched ignoring case ("HOST" is Host), as
 * {@link Headers} looks them up. The set only saves work; what the rules decide is unchanged.
 *
 * <p>{@code PipelineBenchmark} and {@code DecoderBenchmark} (http-tests): the seven or so lookups per request, each
 * a pass over every field with {@code equalsIgnoreCase}, were about 6% of the CPU samples of a pipelined server
 * (issue 10). With the marks, and the Connection options read from them, the decoder's thread CPU time per decode
 * against Netty's (medians of 15 interleaved rounds, two runs on a busy 2-CPU machine) went from 0.93 and 0.95 to 0.84
 * and 0.86 of Netty's for PLAINTEXT_PIPELINED_16, and from 0.89 and 0.91 to 0.82 and 0.76 for BROWSER_GET.
 */
final class FieldMarks {

    /** No marked field. */
    static final int NONE = 0;
    /** Host (RFC 9112 §3.2). */
    static final int HOST = 1;
    /** A second Host field line: the request is rejected (RFC 9112 §3.2). */
    static final int HOST_REPEATED = 1 << 1;
    /** Transfer-Encoding (RFC 9112 §6.1). */
    static final int TRANSFER_ENCODING = 1 << 2;
    /** Content-Length (RFC 9112 §6.2). */
    static final int CONTENT_LENGTH = 1 << 3;
    /** Connection (RFC 9110 §7.6.1). */
    static final int CONNECTION = 1 << 4;
    /** Expect (RFC 9110 §10.1.1). */
    static final int EXPECT = 1 << 5;
    /** Upgrade (RFC 9110 §7.8). */
    static final int UPGRADE = 1 << 6;
    /** A Connection field whose value is the "close" option alone, in any case. */
    static final int CONNECTION_CLOSE = 1 << 7;
    /** A Connection field whose value is the "keep-alive" option alone, in any case. */
    static final int CONNECTION_KEEP_ALIVE = 1 << 8;
    /** A Connection field whose value is the "upgrade" option alone, in any case. */
    static final int CONNECTION_UPGRADE = 1 << 9;
    /**
     * A Connection field whose value is anything else (a list, another option, empty): its options are only known
     * by looking them up in the fields. Without it, the three options above are exactly those of every Connection
     * field.
     */
    static final int CONNECTION_OTHER = 1 << 10;

    /** The mark of each of {@link KnownStrings#FIELD_NAMES}, by its index. */
    private static final int[] OF_KNOWN_NAME = new int[KnownStrings.FIELD_NAMES.size()];

    static {
        for (int i = 0; i < OF_KNOWN_NAME.length; i++) {
            OF_KNOWN_NAME[i] = ofName(KnownStrings.FIELD_NAMES.get(i));
        }
    }

    private FieldMarks() {
    }

    /** The mark of a field name, in any case: one of the field constants, or {@link #NONE}. */
    static int ofName(String name) {
        return switch (name.length()) {
            case 4 -> mark(name, "Host", HOST);
            case 6 -> mark(name, "Expect", EXPECT);
            case 7 -> mark(name, "Upgrade", UPGRADE);
            case 10 -> mark(name, "Connection", CONNECTION);
            case 14 -> mark(name, "Content-Length", CONTENT_LENGTH);
            case 17 -> mark(name, "Transfer-Encoding", TRANSFER_ENCODING);
            default -> NONE;
        };
    }

    /** The mark of the name at {@code index} among {@link KnownStrings#FIELD_NAMES}: a table load. */
    static int ofKnownName(int index) {
        return OF_KNOWN_NAME[index];
    }

    /**
     * The marks of a field line named {@code name} with {@code value}: the name's, and for Connection also what its
     * value holds (RFC 9110 §7.6.1: a list of options).
     */
    static int ofField(int nameMark, String value) {
        if (nameMark != CONNECTION) {
            return nameMark;
        }
        // A value that equals one option is the list of that option alone: the reader trimmed its whitespace.
        if (value.equalsIgnoreCase("keep-alive")) {
            return CONNECTION | CONNECTION_KEEP_ALIVE;
        }
        if (value.equalsIgnoreCase("close")) {
            return CONNECTION | CONNECTION_CLOSE;
        }
        if (value.equalsIgnoreCase("upgrade")) {
            return CONNECTION | CONNECTION_UPGRADE;
        }
        return CONNECTION | CONNECTION_OTHER;
    }

    private static int mark(String name, String field, int mark) {
        return name.equalsIgnoreCase(field) ? mark : NONE;
    }

    /** {@code marks} with the field's {@code mark} added; a second Host adds {@link #HOST_REPEATED}. */
    static int add(int marks, int mark) {
        if (mark == HOST && (marks & HOST) != 0) {
            return marks | HOST_REPEATED;
        }
        return marks | mark;
    }

    /** The marks of every field of {@code headers}: what {@link FieldSectionReader} records while reading them. */
    static int of(Headers headers) {
        int marks = NONE;
        for (int i = 0; i < headers.size(); i++) {
            marks = add(marks, ofField(ofName(headers.name(i)), headers.value(i)));
        }
        return marks;
    }

    /** Whether {@code marks} holds the field {@code mark}. */
    static boolean has(int marks, int mark) {
        return (marks & mark) != 0;
    }

    /**
     * Whether a Connection field of {@code headers}, whose marks are {@code marks}, holds the connection option
     * {@code token}, whose mark is {@code option}: from the marks unless a Connection value is
     * {@link #CONNECTION_OTHER}.
     */
    static boolean hasConnectionOption(Headers headers, int marks, int option, String token) {
        if (has(marks, CONNECTION_OTHER)) {
            return headers.containsToken("Connection", token);
        }
        return has(marks, option);
    }
}
