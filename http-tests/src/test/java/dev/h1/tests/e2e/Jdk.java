package dev.h1.tests.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's {@link HttpClient}, forced to HTTP/1.1 (it would otherwise offer h2c), with 5 s bounds on connecting and
 * on each request. One client keeps a connection pool: requests sent through the same client reuse a connection
 * when the server allows it.
 */
final class Jdk {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Jdk() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    }

    static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
