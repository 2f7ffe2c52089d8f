package dev.h1.codec.encoder;

import io.netty.util.concurrent.FastThreadLocal;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The {@code Date} field line of the current second, formatted at most once per second per event loop: each event
 * loop is one thread, and each thread keeps its own cache, so no locking is needed and encoders of every connection
 * on that loop share one formatted line.
 *
 * <p>The cache is keyed by the epoch second it was formatted for, so it stays right whatever clock an encoder reads
 * (tests inject their own).
 */
final class DateCache {

    private static final FastThreadLocal<DateCache> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected DateCache initialValue() {
            return new DateCache();
        }
    };

    private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTH_NAMES =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private long second = Long.MIN_VALUE;
    private byte[] line;

    /**
     * The line {@code Date: <IMF-fixdate> CRLF} for the wall-clock instant {@code epochMillis}, from the calling
     * thread's cache. The array is shared: never modify it.
     */
    static byte[] line(long epochMillis) {
        return PER_THREAD.get().lineAt(epochMillis);
    }

    /** This cache's line for {@code epochMillis}; the same array for every instant within one second. */
    byte[] lineAt(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000L);
        if (epochSecond != second) {
            line = WireConstants.ascii("Date: " + imfFixdate(epochSecond) + "\r\n");
            second = epochSecond;
        }
        return line;
    }

    /**
     * RFC 9110 §5.6.7:
     * <pre>
     * IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT   ; e.g. Sun, 06 Nov 1994 08:49:37 GMT
     * date1       = day SP month SP year                          ; 2DIGIT day, 4DIGIT year
     * </pre>
     * Written by hand because {@code DateTimeFormatter.RFC_1123_DATE_TIME} prints one-digit days without the zero.
     */
    static String imfFixdate(long epochSecond) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(29);
        text.append(DAY_NAMES[time.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(text, time.getDayOfMonth()).append(' ');
        text.append(MONTH_NAMES[time.getMonthValue() - 1]).append(' ');
        text.append(time.getYear()).append(' ');
        twoDigits(text, time.getHour()).append(':');
        twoDigits(text, time.getMinute()).append(':');
        twoDigits(text, time.getSecond()).append(" GMT");
        return text.toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
