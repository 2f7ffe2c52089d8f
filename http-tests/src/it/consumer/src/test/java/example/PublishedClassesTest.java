package example;

import dev.h1.codec.decoder.RequestDecoder;
import dev.h1.server.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every class of the published jars links against the class path their poms give: each is loaded and its members'
 * types resolved, so a dependency the code uses but the pom leaves out fails here even when Hello does not reach
 * that code. Only what http-server's pom declares optional may be missing (h1 falls back without it): the native
 * transports and the PROXY protocol decoder; keep {@link #OPTIONAL} in step with those declarations.
 */
class PublishedClassesTest {

    /**
     * Packages of http-server's optional dependencies, as they appear in a NoClassDefFoundError's message; the unix
     * package (SO_REUSEPORT, domain sockets) comes only with the optional native transports.
     */
    private static final List<String> OPTIONAL = List.of("io/netty/channel/epoll/", "io/netty/channel/uring/",
            "io/netty/channel/unix/", "io/netty/handler/codec/haproxy/");

    @Test
    void everyClassLinks() throws Exception {
        List<String> failures = new ArrayList<>();
        int classes = linkAll(jarOf(HttpServer.class), failures) + linkAll(jarOf(RequestDecoder.class), failures);
        assertTrue(classes > 50, "classes checked: " + classes);
        assertEquals(List.of(), failures);
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static int linkAll(Path jar, List<String> failures) throws IOException {
        int classes = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                    continue;
                }
                classes++;
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    Class<?> type = Class.forName(className, false, PublishedClassesTest.class.getClassLoader());
                    type.getDeclaredFields();
                    type.getDeclaredMethods();
                    type.getDeclaredConstructors();
                } catch (ClassNotFoundException | LinkageError | TypeNotPresentException e) {
                    String missing = String.valueOf(e.getMessage()).replace('.', '/');
                    if (OPTIONAL.stream().noneMatch(missing::contains)) {
                        failures.add(className + ": " + e);
                    }
                }
            }
        }
        return classes;
    }
}
