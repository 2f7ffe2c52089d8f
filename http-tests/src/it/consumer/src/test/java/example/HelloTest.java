package example;

import dev.h1.server.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs README.md's example against the published artifacts: one request on loopback, on an ephemeral port. */
class HelloTest {

    @Test
    void answersOneRequest() throws Exception {
        HttpServer server = Hello.start(0);
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.address().getPort() + "/hi"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
            assertEquals("Hello from h1: GET /hi\n", response.body());
        } finally {
            server.close();
        }
    }
}
