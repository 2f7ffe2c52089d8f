package dev.h1.server;

import dev.h1.codec.DecoderConfig;
import dev.h1.codec.EndOfBody;
import dev.h1.codec.RequestHead;
import dev.h1.codec.decoder.RequestDecoder;
import dev.h1.server.api.RequestHandler;
import dev.h1.server.cli.RawHttp;
import dev.h1.server.pipeline.HttpServerInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.logging.LoggingHandler;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java examples of README.md, compiled and run, so that they cannot rot. {@link #readmeShowsExactlyTheseExamples}
 * checks that every {@code java} block of the README appears here line by line (indentation aside; a README line
 * {@code // ...} stands for any number of lines): edit both together. The example of "Use it in your project" is
 * the consumer project's {@code Hello} instead (http-tests/src/it/consumer), which http-tests builds and runs against
 * the published artifacts.
 */
class ReadmeExamplesTest {

    private static final String GET = "GET /readme HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void embedding() throws IOException {
        ServerConfig config = ServerConfig.builder().port(0).build(); // 0: any free port; start() says which
        HttpServer server = HttpServer.create(config, (req, res) -> {
            res.setHeader("Content-Type", "text/plain; charset=utf-8");
            res.end("Hello, " + req.path() + "\n");
        });
        InetSocketAddress address = server.start(); // returns once bound
        System.out.println("h1 listening on " + address);
        // ...
        try {
            assertEquals("Hello, /readme\n", RawHttp.exchange(address, GET).text());
        } finally {
            server.close(); // graceful: in-flight exchanges finish, then every thread stops
        }
        assertTrue(server.isTerminated());
    }

    @Test
    void dropIn() throws Exception {
        EventLoopGroup acceptLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup ioLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        int port = 0;
        try {
            ConnectionConfig config = ConnectionConfig.defaults();
            RequestHandler app = (req, res) -> res.end("Hello, World!");
            Channel listener = new ServerBootstrap()
                    .group(acceptLoop, ioLoops)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("log", new LoggingHandler()); // your handlers first: TLS, logging
                            HttpServerInitializer.install(ch.pipeline(), config, app);
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();

            assertEquals("Hello, World!",
                    RawHttp.exchange((InetSocketAddress) listener.localAddress(), GET).text());
            listener.close().sync();
        } finally {
            acceptLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
            ioLoops.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void embeddedChannel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        HttpServerInitializer.install(ch.pipeline(), ConnectionConfig.defaults(), (req, res) -> res.end("hi"));

        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));

        StringBuilder response = new StringBuilder();
        for (ByteBuf part = ch.readOutbound(); part != null; part = ch.readOutbound()) {
            response.append(part.toString(StandardCharsets.US_ASCII));
            part.release();
        }
        assertTrue(response.toString().startsWith("HTTP/1.1 200 OK\r\n"));
        assertTrue(response.toString().endsWith("\r\n\r\nhi"));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void decoder() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ChannelPipeline p = channel.pipeline();
        p.addLast("h1-decoder", new RequestDecoder(DecoderConfig.defaults()));
        p.addLast("app", new MyHandler()); // receives RequestHead, BodyChunk*, EndOfBody, or a DecodeFailure

        channel.writeInbound(Unpooled.copiedBuffer(GET, StandardCharsets.US_ASCII));
        MyHandler handler = (MyHandler) p.get("app");

        assertEquals(2, handler.received.size());
        assertInstanceOf(RequestHead.class, handler.received.get(0));
        assertInstanceOf(EndOfBody.class, handler.received.get(1));
        assertFalse(channel.finishAndReleaseAll());
    }

    /** The README's application handler: records what the decoder emits and releases it. */
    private static final class MyHandler extends ChannelInboundHandlerAdapter {
        final List<Object> received = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received.add(msg);
            ReferenceCountUtil.release(msg);
        }
    }

    @Test
    void readmeShowsExactlyTheseExamples() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md")) || !Files.exists(root.resolve("http-server"))) {
            root = root.getParent();
        }
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        List<String> source = trimmed(Files.readAllLines(
                root.resolve("http-server/src/test/java/dev/h1/server/ReadmeExamplesTest.java")));

        List<String> consumer = trimmed(Files.readAllLines(
                root.resolve("http-tests/src/it/consumer/src/main/java/example/Hello.java")));

        List<List<String>> blocks = blocks(readme, "java");
        assertFalse(blocks.isEmpty(), "README has java examples");
        for (List<String> block : blocks) {
            assertTrue(appearsIn(trimmed(block), source) || appearsIn(trimmed(block), consumer),
                    "README example neither in ReadmeExamplesTest nor in the consumer project's Hello:\n"
                    + String.join("\n", block));
        }
    }

    /**
     * README's "Use it in your project" pom fragment is the dependency the consumer project declares (its
     * {@code @project.version@} filled in by the invoker plugin), at the version being built.
     */
    @Test
    void readmeShowsTheConsumersDependency() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md")) || !Files.exists(root.resolve("http-server"))) {
            root = root.getParent();
        }
        Matcher version = Pattern.compile("<artifactId>h1-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertTrue(version.find(), "the parent pom's version");

        List<List<String>> fragments = blocks(Files.readAllLines(root.resolve("README.md")), "xml").stream()
                .filter(block -> block.stream().anyMatch(line -> line.contains("<artifactId>http-server</artifactId>")))
                .toList();
        assertEquals(1, fragments.size(), "README's xml blocks on http-server: the dependency of \"Use it in your "
                + "project\"");
        List<String> fragment = trimmed(fragments.get(0));
        List<String> consumer = trimmed(Files.readAllLines(root.resolve("http-tests/src/it/consumer/pom.xml"))).stream()
                .map(line -> line.replace("@project.version@", version.group(1)))
                .toList();
        assertTrue(Collections.indexOfSubList(consumer, fragment) >= 0,
                "README's fragment is not in the consumer's pom:\n" + String.join("\n", fragment));
        assertTrue(fragment.contains("<version>" + version.group(1) + "</version>"), "README names the version");
    }

    private static List<List<String>> blocks(List<String> markdown, String language) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> block = null;
        for (String line : markdown) {
            if (block == null && line.strip().equals("```" + language)) {
                block = new ArrayList<>();
            } else if (block != null && line.strip().equals("```")) {
                blocks.add(block);
                block = null;
            } else if (block != null) {
                block.add(line);
            }
        }
        return blocks;
    }

    private static List<String> trimmed(List<String> lines) {
        return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** Whether {@code block} occurs as consecutive lines of {@code source}, "// ..." matching any run of lines. */
    private static boolean appearsIn(List<String> block, List<String> source) {
        for (int start = 0; start < source.size(); start++) {
            if (matchesAt(block, 0, source, start)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(List<String> block, int b, List<String> source, int s) {
        if (b == block.size()) {
            return true;
        }
        if (block.get(b).equals("// ...")) {
            for (int skip = s; skip <= source.size(); skip++) {
                if (matchesAt(block, b + 1, source, skip)) {
                    return true;
                }
            }
            return false;
        }
        return s < source.size() && block.get(b).equals(source.get(s)) && matchesAt(block, b + 1, source, s + 1);
    }
}
