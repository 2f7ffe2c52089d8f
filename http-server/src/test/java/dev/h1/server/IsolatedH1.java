package dev.h1.server;

import dev.h1.server.api.RequestHandler;
import dev.h1.server.api.ServerResponse;
import dev.h1.server.cli.RawHttp;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * h1 loaded again, by a class loader that leaves out the test class path entries whose names contain given words:
 * how a test sees h1 without one of its optional dependencies. Its servers are described by the names of a
 * {@link Transport} and a {@link ProxyProtocol} and answer every request 200 with an empty body; they are driven by
 * reflection, since their classes are not this loader's.
 */
final class IsolatedH1 implements AutoCloseable {

    private static final String GET = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";

    private final URLClassLoader loader;
    private final Class<?> serverType;
    private final Class<?> handlerType;
    private final Object handler;

    IsolatedH1(String... leftOut) throws IOException, ReflectiveOperationException {
        List<URL> kept = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            if (List.of(leftOut).stream().noneMatch(entry::contains)) {
                kept.add(Path.of(entry).toUri().toURL());
            }
        }
        loader = new URLClassLoader(kept.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        serverType = loader.loadClass(HttpServer.class.getName());
        handlerType = loader.loadClass(RequestHandler.class.getName());
        Method end = loader.loadClass(ServerResponse.class.getName()).getMethod("end");
        handler = Proxy.newProxyInstance(loader, new Class<?>[] {handlerType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "handle" -> {
                        end.invoke(args[1]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "isolated handler";
                });
    }

    /** Whether the class named like {@code type} is missing from this loader. */
    boolean lacks(Class<?> type) {
        try {
            loader.loadClass(type.getName());
            return false;
        } catch (ClassNotFoundException absent) {
            return true;
        }
    }

    /** Starts a server, checks that it answers a request, closes it, and returns the transport it ran on. */
    String serveOnce(String transport, String proxyProtocol) throws ReflectiveOperationException, IOException {
        Object server = create(transport, proxyProtocol);
        try {
            InetSocketAddress address = (InetSocketAddress) serverType.getMethod("start").invoke(server);
            assertEquals(200, RawHttp.exchange(address, GET).status());
            return serverType.getMethod("transport").invoke(server).toString();
        } finally {
            serverType.getMethod("close").invoke(server);
        }
    }

    /** The message of the {@link IllegalStateException} that starting such a server fails with (no thread left). */
    String failure(String transport, String proxyProtocol) throws ReflectiveOperationException {
        Object server = create(transport, proxyProtocol);
        InvocationTargetException failure = assertThrows(InvocationTargetException.class,
                () -> serverType.getMethod("start").invoke(server));
        assertEquals(IllegalStateException.class.getName(), failure.getCause().getClass().getName());
        Method isTerminated = serverType.getDeclaredMethod("isTerminated"); // package-private, other loader
        isTerminated.setAccessible(true);
        assertTrue((Boolean) isTerminated.invoke(server));
        return failure.getCause().getMessage();
    }

    /**
     * {@code HttpServer.create(ServerConfig.builder().host("127.0.0.1").port(0).ioThreads(1).transport(..)
     * .connection(ConnectionConfig.builder().proxyProtocol(..).build()).build(), handler)}.
     */
    private Object create(String transport, String proxyProtocol) throws ReflectiveOperationException {
        Object connection = build(ConnectionConfig.class, builder -> builder.call("proxyProtocol",
                constant(ProxyProtocol.class, proxyProtocol)));
        Object config = build(ServerConfig.class, builder -> builder
                .call("host", "127.0.0.1")
                .call("port", 0)
                .call("ioThreads", 1)
                .call("transport", constant(Transport.class, transport))
                .call("connection", connection));
        return serverType.getMethod("create", config.getClass(), handlerType).invoke(null, config, handler);
    }

    private Object constant(Class<?> type, String name) throws ReflectiveOperationException {
        return loader.loadClass(type.getName()).getField(name).get(null);
    }

    private Object build(Class<?> type, Settings settings) throws ReflectiveOperationException {
        Builder builder = new Builder(loader.loadClass(type.getName()).getMethod("builder").invoke(null));
        settings.apply(builder);
        return builder.target.getClass().getMethod("build").invoke(builder.target);
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }

    private interface Settings {
        void apply(Builder builder) throws ReflectiveOperationException;
    }

    /** A builder of the other loader: its one-argument setter named {@code name} takes {@code value}. */
    private record Builder(Object target) {
        Builder call(String name, Object value) throws ReflectiveOperationException {
            for (Method setter : target.getClass().getMethods()) {
                if (setter.getName().equals(name) && setter.getParameterCount() == 1) {
                    setter.invoke(target, value);
                    return this;
                }
            }
            throw new NoSuchMethodException(name);
        }
    }
}
