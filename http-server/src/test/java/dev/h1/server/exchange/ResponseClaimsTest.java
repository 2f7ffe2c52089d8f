package dev.h1.server.exchange;

import dev.h1.server.testing.EmbeddedServer;
import dev.h1.server.testing.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.h1.server.testing.EmbeddedServer.get;
import static dev.h1.server.testing.EmbeddedServer.refusalOf;
import static dev.h1.server.testing.EmbeddedServer.responses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The claims of a response decide the order of two racing calls by the compare-and-set on the draft's state: these
 * tests put one call exactly between another's look at the draft and its claim, which threads only do by chance
 * (ThreadHopTest races them for real).
 */
class ResponseClaimsTest {

    @Test
    void aHeaderChangeMadeBeforeAnEndOnTheLoopClaimsNothingAndIsRefused() {
        List<String> outcomes = new ArrayList<>();
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            DefaultServerResponse response = (DefaultServerResponse) res;
            response.setHeader("Content-Type", "text/plain"); // the response's own draft, not the shared initial one
            boolean[] ended = {false};
            outcomes.add(refusalOf(() -> response.update((draft, name, value) -> {
                ResponseDraft changed = draft.withHeaderSet(name, value);
                if (!ended[0]) {
                    ended[0] = true;
                    response.end("done"); // lands after the change looked at the open draft, before its claim
                }
                return changed;
            }, "X-Late", "1")));
        });

        Response answer = responses(server.send(get("/")).output()).get(0);
        assertEquals(List.of("cannot set header X-Late: the response head was already sent"), outcomes);
        assertNull(answer.field("X-Late"), "the end wrote the head it found");
        assertEquals("text/plain", answer.field("Content-Type"));
        assertEquals("done", answer.body());
        server.finish();
    }

    @Test
    void aHeaderChangeMadeBeforeAnotherChangeIsMadeAgainFromIt() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            DefaultServerResponse response = (DefaultServerResponse) res;
            response.setHeader("Content-Type", "text/plain");
            boolean[] raced = {false};
            response.update((draft, name, value) -> {
                ResponseDraft changed = draft.withHeaderSet(name, value);
                if (!raced[0]) {
                    raced[0] = true;
                    response.setHeader("X-Between", "2"); // replaces the draft the change was made from
                }
                return changed;
            }, "X-Late", "1");
            response.end("done");
        });

        Response answer = responses(server.send(get("/")).output()).get(0);
        assertEquals("1", answer.field("X-Late"));
        assertEquals("2", answer.field("X-Between"), "the change was made again from the draft that replaced it");
        server.finish();
    }

    @Test
    void theSharedInitialDraftIsLeftAsItWasByAResponseThatEndsAtOnce() {
        EmbeddedServer server = EmbeddedServer.start((req, res) -> {
            if (req.path().equals("/first")) {
                res.end("first"); // claims the end from the initial draft
            } else {
                res.setHeader("X-Second", "yes").end("second");
            }
        });

        List<Response> answers = responses(server.send(get("/first") + get("/second")).output());
        assertEquals("first", answers.get(0).body());
        assertEquals("yes", answers.get(1).field("X-Second"));
        assertEquals(ResponseDraft.Phase.OPEN, ResponseDraft.INITIAL.phase());
        server.finish();
    }
}
