package dev.h1.server.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP-dates (RFC 9110 §5.6.7) and entity-tag lists (§8.8.3, §13.1.1-2) as the file route reads them. */
class ValidatorFieldsTest {

    /** 1994-11-06T08:49:37Z, the RFC's example. */
    private static final long EXAMPLE = 784_111_777L;

    @Test
    void datesAreSentAsImfFixdate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(EXAMPLE));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.format(0));
    }

    @Test
    void allThreeFormsAreRead() {
        assertEquals(EXAMPLE, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(EXAMPLE, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(EXAMPLE, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
    }

    @Test
    void anInvalidDateIsNone() {
        for (String text : new String[] {"yesterday", "", "Sun, 06 Nov 1994 08:49:37 UTC", "784111777",
                "Sun, 06 Nov 1994 25:49:37 GMT"}) {
            assertEquals(-1, HttpDates.parse(text), text);
        }
        assertEquals(-1, HttpDates.parse(null));
    }

    @Test
    void tagListsAreReadTagByTag() {
        assertEquals(List.of("\"a\"", "W/\"b\"", "\"c,d\""), EntityTags.parseList("\"a\", W/\"b\",\"c,d\"").tags());
        assertTrue(EntityTags.parseList(" * ").any());
        for (String bad : new String[] {"a", "\"a", "\"a\"b", "W/a", "\"a\" \"b\"x", "", " , "}) {
            assertEquals(EntityTags.TagList.INVALID, EntityTags.parseList(bad), bad);
        }
    }

    @Test
    void strongComparisonNeedsTwoStrongTags() {
        assertTrue(EntityTags.strongMatch("\"1\"", "\"1\""));
        assertFalse(EntityTags.strongMatch("W/\"1\"", "\"1\""));
        assertFalse(EntityTags.strongMatch("\"1\"", "\"2\""));
        assertTrue(EntityTags.weakMatch("W/\"1\"", "\"1\""));
        assertTrue(EntityTags.weakMatch("W/\"1\"", "W/\"1\""));
        assertFalse(EntityTags.weakMatch("W/\"1\"", "\"2\""));
    }

    @Test
    void aListMatchesWhenOneOfItsTagsDoes() {
        assertTrue(EntityTags.parseList("\"x\", W/\"1\"").matches("\"1\"", false));
        assertFalse(EntityTags.parseList("\"x\", W/\"1\"").matches("\"1\"", true));
        assertTrue(EntityTags.parseList("*").matches("\"1\"", true));
        assertFalse(EntityTags.TagList.INVALID.matches("\"1\"", false));
    }

    @Test
    void ifRangeTellsATagFromADate() {
        assertTrue(EntityTags.isTag("\"1-2\""));
        assertTrue(EntityTags.isTag("W/\"1\""));
        assertFalse(EntityTags.isTag("Sun, 06 Nov 1994 08:49:37 GMT"));
    }
}
