package dev.h1.server.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Entity-tags (RFC 9110 §8.8.3) as {@code If-Match}, {@code If-None-Match} and {@code If-Range} carry them, and the
 * two ways of comparing them (§8.8.3.2): strong (both strong, same opaque-tag) and weak (same opaque-tag).
 *
 * <p>Stateless; thread-safe.
 */
final class EntityTags {

    /** A field value's entity-tags: {@code *}, a list, or nothing usable (a syntax error anywhere). */
    record TagList(boolean any, List<String> tags) {

        static final TagList INVALID = new TagList(false, List.of());

        /** Whether a tag of the list matches {@code current} (a strong tag, quoted), strongly or weakly. */
        boolean matches(String current, boolean strong) {
            if (any) {
                return true;
            }
            for (String tag : tags) {
                if (strong ? strongMatch(tag, current) : weakMatch(tag, current)) {
                    return true;
                }
            }
            return false;
        }
    }

    private EntityTags() {
    }

    /**
     * Parses {@code #entity-tag} or {@code *} (§13.1.1, §13.1.2). The opaque-tag may itself hold commas, so the list
     * is read tag by tag rather than split. A malformed value matches nothing.
     */
    static TagList parseList(String value) {
        String v = value.strip();
        if (v.equals("*")) {
            return new TagList(true, List.of());
        }
        List<String> tags = new ArrayList<>();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int end = tagEnd(v, i);
            if (end < 0) {
                return TagList.INVALID;
            }
            tags.add(v.substring(i, end));
            i = end;
            if (i < v.length() && ",\t ".indexOf(v.charAt(i)) < 0) {
                return TagList.INVALID;
            }
        }
        return tags.isEmpty() ? TagList.INVALID : new TagList(false, tags);
    }

    /** Whether {@code value} is one entity-tag (as opposed to an HTTP-date, in {@code If-Range}). */
    static boolean isTag(String value) {
        String v = value.strip();
        return !v.isEmpty() && tagEnd(v, 0) == v.length();
    }

    /** Strong comparison: neither is weak and the opaque-tags are the same octets. */
    static boolean strongMatch(String a, String b) {
        return !a.startsWith("W/") && !b.startsWith("W/") && a.equals(b);
    }

    /** Weak comparison: the opaque-tags are the same octets, either or both possibly weak. */
    static boolean weakMatch(String a, String b) {
        return opaque(a).equals(opaque(b));
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** The index after the entity-tag at {@code start}, or -1: {@code [W/] DQUOTE *etagc DQUOTE}. */
    private static int tagEnd(String v, int start) {
        int i = v.startsWith("W/", start) ? start + 2 : start;
        if (i >= v.length() || v.charAt(i) != '"') {
            return -1;
        }
        for (i++; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x21 || c == 0x7f) { // etagc = %x21 / %x23-7E / obs-text
                return -1;
            }
        }
        return -1;
    }
}
