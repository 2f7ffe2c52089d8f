package dev.h1.codec;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An ordered list of header (or trailer) fields: names keep their original case and the fields keep the order in
 * which they were received or added; lookups ignore ASCII case (RFC 9110 §5.1); a name may repeat, and every value of
 * it is kept.
 *
 * <p>Stored as one array of names and values in turn, so decoding a header section allocates that array plus one
 * {@code String} per name and per value not seen before, and nothing per lookup.
 *
 * <p>Not thread-safe. The decoder fills an instance and then hands it over with its {@link RequestHead}; after that
 * only the receiver touches it. {@link #empty()} is shared and read-only.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {

    private static final int INITIAL_CAPACITY = 8;
    private static final Headers EMPTY = new Headers(0, true);

    /**
     * Name and value of each field in turn ({@code 2i}, {@code 2i + 1}): one array rather than two, so a list is one
     * allocation less and a lookup reads adjacent slots (PipelineBenchmark in http-tests: each exchange makes three
     * lists).
     */
    private String[] slots;
    private int size;
    private final boolean readOnly;

    /** Creates an empty, modifiable list of fields. */
    public Headers() {
        this(INITIAL_CAPACITY, false);
    }

    /**
     * Creates an empty, modifiable list with room for {@code expectedFields} before it grows.
     *
     * @param expectedFields how many field lines the list is expected to hold; at least 0
     * @throws IllegalArgumentException if {@code expectedFields} is negative
     */
    public Headers(int expectedFields) {
        this(expectedFields, false);
    }

    private Headers(int capacity, boolean readOnly) {
        if (capacity < 0) {
            throw new IllegalArgumentException("expected fields must be >= 0: " + capacity);
        }
        this.slots = new String[2 * capacity];
        this.readOnly = readOnly;
    }

    /**
     * The shared, empty, read-only instance.
     *
     * @return fields that cannot be modified: every change throws {@link UnsupportedOperationException}
     */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Modifiable fields from names and values given in turn: {@code Headers.of("Content-Type", "text/plain",
     * "Cache-Control", "no-store")}. A name may repeat; every pair becomes one field line, in order.
     *
     * @param namesAndValues a name, its value, the next name, its value, ...
     * @return a new, modifiable instance
     * @throws IllegalArgumentException if an odd number of strings is given
     * @throws NullPointerException     if a name or value is null
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs: " + namesAndValues.length);
        }
        Headers headers = new Headers(Math.max(INITIAL_CAPACITY, namesAndValues.length / 2), false);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /**
     * Modifiable fields from a map of single values, one field line per entry, in the map's iteration order.
     *
     * @param fields names and their values
     * @return a new, modifiable instance
     * @throws NullPointerException if a name or value is null
     */
    public static Headers of(Map<String, String> fields) {
        Headers headers = new Headers(Math.max(INITIAL_CAPACITY, fields.size()), false);
        fields.forEach(headers::add);
        return headers;
    }

    /**
     * Modifiable fields from a map of value lists (the shape of {@code ServerRequest.headersDistinct()}): one field
     * line per value, names in the map's iteration order; a name with an empty list adds nothing.
     *
     * @param fields names and every value of each
     * @return a new, modifiable instance
     * @throws NullPointerException if a name, a list or a value is null
     */
    public static Headers ofLists(Map<String, ? extends List<String>> fields) {
        Headers headers = new Headers(Math.max(INITIAL_CAPACITY, fields.size()), false);
        fields.forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
        return headers;
    }

    /**
     * The number of field lines, counting each repeated name.
     *
     * @return the number of fields
     */
    public int size() {
        return size;
    }

    /**
     * Whether there are no fields.
     *
     * @return true when {@link #size()} is 0
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * The name of the field at {@code index}, in its original case.
     *
     * @param index 0 to {@code size() - 1}, in received or added order
     * @return the name
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public String name(int index) {
        Objects.checkIndex(index, size);
        return slots[2 * index];
    }

    /**
     * The value of the field at {@code index}, without leading or trailing whitespace.
     *
     * @param index 0 to {@code size() - 1}, in received or added order
     * @return the value
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public String value(int index) {
        Objects.checkIndex(index, size);
        return slots[2 * index + 1];
    }

    /**
     * The first value of the field {@code name}, in any case.
     *
     * @param name the field name
     * @return the first value, or {@code null} when absent
     */
    public String get(String name) {
        int index = indexOf(name, 0);
        return index < 0 ? null : slots[2 * index + 1];
    }

    /**
     * Every value of the field {@code name}, in any case.
     *
     * @param name the field name
     * @return the values in received order; empty when absent
     */
    public List<String> getAll(String name) {
        List<String> all = null;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            if (all == null) {
                all = new ArrayList<>(2);
            }
            all.add(slots[2 * i + 1]);
        }
        return all == null ? List.of() : Collections.unmodifiableList(all);
    }

    /**
     * Whether a field called {@code name} (in any case) is present.
     *
     * @param name the field name
     * @return true when at least one field line has this name
     */
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    /**
     * How many field lines are called {@code name} (in any case).
     *
     * @param name the field name
     * @return the number of field lines with this name
     */
    public int count(String name) {
        int count = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            count++;
        }
        return count;
    }

    /**
     * Whether any value of {@code name} is a comma-separated list (RFC 9110 §5.6.1) holding {@code token}, compared
     * ignoring ASCII case; for example {@code containsToken("Connection", "close")}.
     *
     * @param name  the field name
     * @param token the list element to look for
     * @return true when an element of a value of {@code name} equals {@code token}
     */
    public boolean containsToken(String name, String token) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            if (listContains(slots[2 * i + 1], token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The distinct field names in first-seen order and original case (the first spelling of each name wins).
     *
     * @return the names; a new set each call
     */
    public Set<String> names() {
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            if (indexOf(slots[2 * i], 0) == i) {
                seen.add(slots[2 * i]);
            }
        }
        return Collections.unmodifiableSet(seen);
    }

    /**
     * Appends a field line; existing fields of the same name are kept.
     *
     * @param name  the field name, as it is to be written
     * @param value the field value
     * @return this, for chaining
     * @throws UnsupportedOperationException if these fields are read-only
     */
    public Headers add(String name, String value) {
        checkWritable();
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (2 * size == slots.length) {
            slots = Arrays.copyOf(slots, 2 * Math.max(INITIAL_CAPACITY, size * 2));
        }
        slots[2 * size] = name;
        slots[2 * size + 1] = value;
        size++;
        return this;
    }

    /**
     * Replaces every field called {@code name} (in any case) with one field line.
     *
     * @param name  the field name, as it is to be written
     * @param value the field value
     * @return this, for chaining
     * @throws UnsupportedOperationException if these fields are read-only
     */
    public Headers set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /**
     * Removes every field called {@code name} (in any case).
     *
     * @param name the field name
     * @return whether any was present
     * @throws UnsupportedOperationException if these fields are read-only
     */
    public boolean remove(String name) {
        checkWritable();
        int first = indexOf(name, 0);
        if (first < 0) {
            return false; // the common case of set(): nothing to move (PipelineBenchmark in http-tests)
        }
        int kept = first;
        for (int i = first + 1; i < size; i++) {
            if (!slots[2 * i].equalsIgnoreCase(name)) {
                slots[2 * kept] = slots[2 * i];
                slots[2 * kept + 1] = slots[2 * i + 1];
                kept++;
            }
        }
        Arrays.fill(slots, 2 * kept, 2 * size, null);
        size = kept;
        return true;
    }

    /**
     * Removes all fields.
     *
     * @return this, for chaining
     * @throws UnsupportedOperationException if these fields are read-only
     */
    public Headers clear() {
        checkWritable();
        Arrays.fill(slots, 0, 2 * size, null);
        size = 0;
        return this;
    }

    /**
     * A modifiable copy of these fields.
     *
     * @return a new instance with the same fields in the same order
     */
    public Headers copy() {
        return copy(Math.max(size, INITIAL_CAPACITY) - size);
    }

    /**
     * A modifiable copy of these fields with room for {@code room} more before it grows: for a copy that will take a
     * known number of fields, sized exactly.
     *
     * @param room fields the copy can take without growing; at least 0
     * @return a new instance with the same fields in the same order
     * @throws IllegalArgumentException if {@code room} is negative
     */
    public Headers copy(int room) {
        if (room < 0) {
            throw new IllegalArgumentException("room must be >= 0: " + room);
        }
        Headers copy = new Headers(size + room, false);
        System.arraycopy(slots, 0, copy.slots, 0, 2 * size);
        copy.size = size;
        return copy;
    }

    /**
     * Calls {@code action} with each name and value, in order.
     *
     * @param action receives each name and value
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(slots[2 * i], slots[2 * i + 1]);
        }
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Map.Entry<String, String> next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                return new AbstractMap.SimpleImmutableEntry<>(slots[2 * i], slots[2 * i + 1]);
            }
        };
    }

    private int indexOf(String name, int from) {
        for (int i = from; i < size; i++) {
            if (slots[2 * i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("read-only headers");
        }
    }

    /** RFC 9110 §5.6.1: {@code #element} lists; elements are separated by commas with optional whitespace. */
    static boolean listContains(String list, String token) {
        int length = list.length();
        int start = 0;
        while (start <= length) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int from = start;
            int to = end;
            while (from < to && FieldText.isOws(list.charAt(from))) {
                from++;
            }
            while (to > from && FieldText.isOws(list.charAt(to - 1))) {
                to--;
            }
            if (to - from == token.length() && list.regionMatches(true, from, token, 0, token.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof Headers that && that.size == size
                && Arrays.equals(slots, 0, 2 * size, that.slots, 0, 2 * size);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < size; i++) {
            hash = 31 * (31 * hash + slots[2 * i].hashCode()) + slots[2 * i + 1].hashCode();
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Headers[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(slots[2 * i]).append(": ").append(slots[2 * i + 1]);
        }
        return text.append(']').toString();
    }
}
