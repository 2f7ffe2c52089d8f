package dev.h1.server.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * HTTP-date (RFC 9110 §5.6.7) for {@code Last-Modified} and the conditional request fields: sent as IMF-fixdate,
 * read in all three forms a recipient must accept (IMF-fixdate, the obsolete RFC 850 form and asctime).
 *
 * <p>Thread-safe (immutable formatters).
 */
final class HttpDates {

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}: two-digit day, unlike {@link DateTimeFormatter#RFC_1123_DATE_TIME}. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /**
     * The forms read: IMF-fixdate; RFC 850's {@code Sunday, 06-Nov-94 08:49:37 GMT}, whose two-digit year is taken
     * as 1970–2069 (§5.6.7 asks for the most recent past year with those digits; a demo's file dates make the
     * difference moot); asctime's {@code Sun Nov  6 08:49:37 1994}, its day padded with a space.
     */
    private static final List<DateTimeFormatter> READ = List.of(
            IMF_FIXDATE,
            new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss 'GMT'")
                    .toFormatter(Locale.US).withZone(ZoneOffset.UTC),
            new DateTimeFormatterBuilder().appendPattern("EEE MMM ")
                    .padNext(2).appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
                    .appendPattern(" HH:mm:ss yyyy")
                    .toFormatter(Locale.US).withZone(ZoneOffset.UTC));

    private HttpDates() {
    }

    /** {@code epochSecond} as IMF-fixdate. */
    static String format(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }

    /**
     * The epoch second of an HTTP-date, or {@code -1} when {@code text} is none: a recipient ignores a conditional
     * field whose date is invalid (RFC 9110 §13.1.3, §13.1.4).
     */
    static long parse(String text) {
        if (text == null) {
            return -1;
        }
        for (DateTimeFormatter form : READ) {
            try {
                return Instant.from(form.parse(text.strip())).getEpochSecond();
            } catch (DateTimeException notThisForm) {
                // try the next form
            }
        }
        return -1;
    }
}
