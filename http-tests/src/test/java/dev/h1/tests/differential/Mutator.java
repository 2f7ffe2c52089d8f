package dev.h1.tests.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Makes request inputs for the differential test from base inputs (the llhttp corpus and a few plain requests): adds a
 * Host field to most of them, so that other rules are reached, then applies one to three mutations. Text is raw bytes
 * as ISO-8859-1, one char per byte. A mutation that finds nothing to change returns its input unchanged.
 *
 * <p>Deterministic: the same seed gives the same inputs.
 */
final class Mutator {

    private static final String CRLF = "\r\n";

    /** A named change of an input. */
    record Mutation(String name, BiFunction<Mutator, String, String> change) {
    }

    static final List<Mutation> MUTATIONS = List.of(
            new Mutation("split a header line", Mutator::splitHeaderLine),
            new Mutation("duplicate a header line", Mutator::duplicateHeaderLine),
            new Mutation("alter a header line", Mutator::alterHeaderLine),
            new Mutation("line ending", Mutator::changeLineEnding),
            new Mutation("framing", Mutator::replaceFraming),
            new Mutation("chunked body", Mutator::rewriteAsChunked),
            new Mutation("whitespace", Mutator::insertWhitespace),
            new Mutation("obs-fold", Mutator::foldHeaderLine),
            new Mutation("version", Mutator::replaceVersion),
            new Mutation("method", Mutator::replaceMethod),
            new Mutation("target", Mutator::replaceTarget),
            new Mutation("pipeline", Mutator::appendRequest),
            new Mutation("truncate", Mutator::truncate),
            new Mutation("before the request line", Mutator::prefixLine));

    private static final String[] VERSIONS = {"HTTP/1.0", "HTTP/1.1", "HTTP/1.2", "HTTP/1.9", "HTTP/2.0",
        "HTTP/0.9", "HTTP/1.10", "http/1.1", "HTTP/1", "HTTP/ 1.1", "HTTP/3.0", "RTSP/1.0", "HTTP/1.1 ", ""};
    private static final String[] METHODS = {"GET", "POST", "PUT", "HEAD", "OPTIONS", "CONNECT", "DELETE", "get",
        "M-SEARCH", "PATCH", "FOO", "G\u0001T", "GE T", "G:T", "PRI", ""};
    private static final String[] TARGETS = {"/", "*", "/a?b=c", "/a#frag", "http://example.com/x",
        "example.com:443", "/%zz", "/%41", "/a|b", "/a\u0080b", "//x", "/a\"b", "/{x}", "/a\\b", "http://u@h/",
        "HTTP://EXAMPLE.COM", "/a\tb", ""};
    private static final String[] ODD_BYTES = {"\u0000", "\u007f", "\u0080", "\u00ff", "\t", " ", "\"", "\r", "\n",
        ":", ";", ",", "\u000b", "\u000c", "@"};
    private static final String[] LINE_ENDINGS = {"\n", "\r", "\r\r\n", "\n\r", "\r\n\r\n", "\r\n "};
    private static final String[] CHUNK_SIZES = {"%x", "%X", "0%x", "000%x", "0x%x", "%x;ext", "%x;a=b",
        "%x;a=\"b c\"", "%x ;a", "%x ", " %x", "%x\t", "+%x", "-%x", "%x;", "ffffffffffffffffff", "%x;a=\"\u0001\""};
    private static final String[] PLAIN = {
        "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "POST /submit HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "PUT /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /x HTTP/1.1\r\nHost: h\r\nAccept: */*\r\nUser-Agent: t\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\n\r\n",
    };

    private final SplittableRandom random;
    private final List<String> bases;

    Mutator(long seed, List<String> corpusInputs) {
        this.random = new SplittableRandom(seed);
        List<String> all = new ArrayList<>(corpusInputs);
        all.addAll(List.of(PLAIN));
        this.bases = List.copyOf(all);
    }

    /** The next input and the names of the changes that made it. */
    Generated next() {
        String input = pick(bases);
        List<String> applied = new ArrayList<>();
        if (random.nextInt(10) < 7 && !hasField(input, "host")) {
            input = addHost(input);
            applied.add("add Host");
        }
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            Mutation mutation = pick(MUTATIONS);
            input = mutation.change().apply(this, input);
            applied.add(mutation.name());
        }
        return new Generated(input, applied);
    }

    /** An input and how it was made. */
    record Generated(String input, List<String> mutations) {
    }

    // ---- the head as lines: [0] request line, then field lines, up to the empty line ----

    /** End of the header section (index of its final CRLF CRLF), or -1. */
    private static int headEnd(String input) {
        return input.indexOf("\r\n\r\n");
    }

    private static boolean hasField(String input, String name) {
        int end = headEnd(input);
        String head = (end < 0 ? input : input.substring(0, end)).toLowerCase(java.util.Locale.ROOT);
        return head.contains("\r\n" + name + ":");
    }

    /** Offsets at which field lines start (after the request line's CRLF), within the head. */
    private static List<Integer> fieldLineStarts(String input) {
        List<Integer> starts = new ArrayList<>();
        int end = headEnd(input);
        if (end < 0) {
            return starts;
        }
        for (int at = input.indexOf(CRLF); at >= 0 && at < end; at = input.indexOf(CRLF, at + 2)) {
            starts.add(at + 2);
        }
        return starts;
    }

    private static int lineEnd(String input, int start) {
        return input.indexOf(CRLF, start);
    }

    private String addHost(String input) {
        int first = input.indexOf(CRLF);
        return first < 0 ? input : input.substring(0, first + 2) + "Host: example.com\r\n" + input.substring(first + 2);
    }

    private String splitHeaderLine(String input) {
        List<Integer> starts = fieldLineStarts(input);
        if (starts.isEmpty()) {
            return input;
        }
        int start = pick(starts);
        int end = lineEnd(input, start);
        if (end <= start + 1) {
            return input;
        }
        int at = start + 1 + random.nextInt(end - start - 1);
        return input.substring(0, at) + CRLF + input.substring(at);
    }

    private String duplicateHeaderLine(String input) {
        List<Integer> starts = fieldLineStarts(input);
        if (starts.isEmpty()) {
            return input;
        }
        int start = pick(starts);
        String line = input.substring(start, lineEnd(input, start) + 2);
        return input.substring(0, start) + line + input.substring(start);
    }

    private String alterHeaderLine(String input) {
        List<Integer> starts = fieldLineStarts(input);
        if (starts.isEmpty()) {
            return input;
        }
        int start = pick(starts);
        int end = lineEnd(input, start);
        String line = input.substring(start, end);
        int colon = line.indexOf(':');
        String altered = switch (random.nextInt(5)) {
            case 0 -> line.toUpperCase(java.util.Locale.ROOT);
            case 1 -> colon < 0 ? line : line.substring(0, colon) + " " + line.substring(colon);
            case 2 -> colon < 0 ? line : line.substring(0, colon) + line.substring(colon + 1);
            case 3 -> colon < 0 ? line : line.substring(0, colon + 1);
            default -> {
                int at = random.nextInt(line.length() + 1);
                yield line.substring(0, at) + pick(ODD_BYTES) + line.substring(at);
            }
        };
        return input.substring(0, start) + altered + input.substring(end);
    }

    private String changeLineEnding(String input) {
        List<Integer> ends = new ArrayList<>();
        for (int at = input.indexOf(CRLF); at >= 0; at = input.indexOf(CRLF, at + 2)) {
            ends.add(at);
        }
        if (ends.isEmpty()) {
            return input;
        }
        int at = pick(ends);
        return input.substring(0, at) + pick(LINE_ENDINGS) + input.substring(at + 2);
    }

    /** Removes Content-Length and Transfer-Encoding fields and adds a combination of them. */
    private String replaceFraming(String input) {
        int end = headEnd(input);
        if (end < 0) {
            return input;
        }
        String body = input.substring(end + 4);
        StringBuilder head = headWithoutFraming(input, end);
        int n = random.nextInt(4) == 0 ? random.nextInt(body.length() + 3) : body.length();
        String[][] combinations = {
            {"Content-Length: " + n},
            {"Content-Length: " + n, "Content-Length: " + n},
            {"Content-Length: " + n + ", " + n},
            {"Content-Length: " + n, "Content-Length: " + (n + 1)},
            {"Content-Length: +" + n}, {"Content-Length: 0" + n}, {"Content-Length:  " + n + " "},
            {"Content-Length: " + n + ".0"}, {"Content-Length: 0x" + Integer.toHexString(n)},
            {"Transfer-Encoding: chunked"}, {"Transfer-Encoding: chunked", "Content-Length: " + n},
            {"Content-Length: " + n, "Transfer-Encoding: chunked"}, {"Transfer-Encoding: gzip, chunked"},
            {"Transfer-Encoding: chunked, gzip"}, {"Transfer-Encoding: chunked", "Transfer-Encoding: chunked"},
            {"Transfer-Encoding: identity"}, {"Transfer-Encoding: Chunked"}, {"Transfer-Encoding: chunked;q=1"},
            {"Transfer-Encoding: gzip"}, {"Transfer-Encoding: chunked, chunked"}, {"Transfer-Encoding:"},
        };
        for (String line : combinations[random.nextInt(combinations.length)]) {
            head.append(line).append(CRLF);
        }
        return head.append(CRLF).append(body).toString();
    }

    /** The head's lines up to {@code end}, each with its CRLF, less Content-Length and Transfer-Encoding. */
    private static StringBuilder headWithoutFraming(String input, int end) {
        StringBuilder head = new StringBuilder();
        for (String line : input.substring(0, end).split(CRLF, -1)) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (!lower.startsWith("content-length:") && !lower.startsWith("transfer-encoding:")) {
                head.append(line).append(CRLF);
            }
        }
        return head;
    }

    /** Makes the body chunked, with chunk-size lines in one of many forms. */
    private String rewriteAsChunked(String input) {
        int end = headEnd(input);
        if (end < 0) {
            return input;
        }
        String body = input.substring(end + 4);
        StringBuilder head = headWithoutFraming(input, end);
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        String form = pick(CHUNK_SIZES);
        for (int from = 0; from < body.length(); ) {
            int size = Math.min(body.length() - from, 1 + random.nextInt(8));
            head.append(form.replace("%x", Integer.toHexString(size)).replace("%X", Integer.toHexString(size)
                    .toUpperCase(java.util.Locale.ROOT))).append(CRLF).append(body, from, from + size).append(CRLF);
            from += size;
        }
        head.append(random.nextBoolean() ? "0" : form.replace("%x", "0").replace("%X", "0")).append(CRLF);
        if (random.nextInt(3) == 0) {
            head.append("Trailer-Field: v").append(CRLF);
        }
        return head.append(CRLF).toString();
    }

    private String insertWhitespace(String input) {
        int first = input.indexOf(CRLF);
        if (first < 0) {
            return input;
        }
        String ws = random.nextBoolean() ? " " : "\t";
        return switch (random.nextInt(4)) {
            case 0 -> input.replaceFirst(" ", ws + " ");
            case 1 -> input.substring(0, first) + ws + input.substring(first);
            case 2 -> ws + input;
            default -> {
                List<Integer> starts = fieldLineStarts(input);
                if (starts.isEmpty()) {
                    yield input;
                }
                int start = pick(starts);
                int colon = input.indexOf(':', start);
                int end = lineEnd(input, start);
                yield colon < 0 || colon > end ? input
                        : input.substring(0, colon + 1) + ws + ws + input.substring(colon + 1, end) + ws
                                + input.substring(end);
            }
        };
    }

    private String foldHeaderLine(String input) {
        List<Integer> starts = fieldLineStarts(input);
        if (starts.isEmpty()) {
            return input;
        }
        int end = lineEnd(input, pick(starts));
        String fold = (random.nextBoolean() ? "\r\n " : "\r\n\t") + (random.nextBoolean() ? "folded" : "");
        return input.substring(0, end) + fold + input.substring(end);
    }

    /** Replaces one word of the request line: 0 method, 1 target, 2 version. */
    private String replaceWord(String input, int word, String[] choices) {
        int first = input.indexOf(CRLF);
        if (first < 0) {
            return input;
        }
        String[] words = input.substring(0, first).split(" ", -1);
        if (words.length != 3) {
            return input;
        }
        words[word] = pick(choices);
        return String.join(" ", words) + input.substring(first);
    }

    private String replaceVersion(String input) {
        return replaceWord(input, 2, VERSIONS);
    }

    private String replaceMethod(String input) {
        return replaceWord(input, 0, METHODS);
    }

    private String replaceTarget(String input) {
        return replaceWord(input, 1, TARGETS);
    }

    private String appendRequest(String input) {
        return input + pick(bases);
    }

    private String truncate(String input) {
        return input.length() < 2 ? input : input.substring(0, 1 + random.nextInt(input.length() - 1));
    }

    private String prefixLine(String input) {
        return pick(new String[] {"\r\n", "\r\n\r\n", "\n", " ", "\t"}) + input;
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
