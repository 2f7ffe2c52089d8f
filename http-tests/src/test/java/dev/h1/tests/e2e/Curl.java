package dev.h1.tests.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the {@code curl} command line tool (found on the PATH; {@code .ci/run} installs it). A test that needs curl
 * and cannot find it fails with a message saying so; it never skips. Every run is bounded: curl gets
 * {@code --max-time 10}, and the process is killed if it outlives 15 s.
 *
 * <p>Each transfer ends its output with {@value #MARK_OPEN}status connects{@value #MARK_CLOSE} ({@code -w}), where
 * {@code connects} is curl's {@code %{num_connects}}: 1 for a new connection, 0 for a reused one.
 */
final class Curl {

    static final String MARK_OPEN = "\n@@curl ";
    static final String MARK_CLOSE = "@@\n";
    private static final Pattern TRANSFER = Pattern.compile("@@curl (\\d{3}) (\\d+)@@");

    private Curl() {
    }

    /** The curl executable, or a failed test explaining how to get it. */
    static String executable() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "curl");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return fail("curl is required by this test but was not found on the PATH (" + path + "); install it"
                + " (Debian/Ubuntu: apt-get install -y curl; .ci/run does this on CI)");
    }

    /**
     * Runs {@code curl -sS --max-time 10 -w <mark> args...}; fails if curl does not end in time. A {@code --next}
     * among {@code args} (which resets curl's options) is followed by the same common options again.
     */
    static Result run(String... args) throws IOException, InterruptedException {
        List<String> common = List.of("-sS", "--max-time", "10",
                "-w", MARK_OPEN + "%{http_code} %{num_connects}" + MARK_CLOSE);
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(common);
        for (String arg : args) {
            command.add(arg);
            if (arg.equals("--next")) {
                command.addAll(common);
            }
        }
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("curl did not finish within 15 s: " + command);
        }
        try {
            return new Result(command, process.exitValue(),
                    new String(stdout.get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1),
                    new String(stderr.get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1));
        } catch (Exception e) {
            throw new IOException("reading curl's output", e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("<" + e + ">").getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** One transfer of a curl run: status and whether it opened a new connection. */
    record Transfer(int status, int connects, String output) {
    }

    /**
     * What curl printed.
     *
     * @param stdout the response bodies (and headers with {@code -i} / {@code -D -}) with the marks
     * @param stderr curl's errors, and its trace with {@code -v}
     */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** The transfers, in order, each with the output printed before its mark. */
        List<Transfer> transfers() {
            List<Transfer> transfers = new ArrayList<>();
            Matcher matcher = TRANSFER.matcher(stdout);
            int from = 0;
            while (matcher.find()) {
                String output = stdout.substring(from, Math.max(from, matcher.start() - 1));
                transfers.add(new Transfer(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                        output));
                from = matcher.end() + 1;
            }
            return transfers;
        }

        /** The only transfer; fails if curl failed or made more than one. */
        Transfer single() {
            List<Transfer> transfers = transfers();
            if (exitCode != 0 || transfers.size() != 1) {
                throw new AssertionError("curl exit " + exitCode + ", " + transfers.size() + " transfer(s): "
                        + this);
            }
            return transfers.get(0);
        }

        /** Every transfer; fails if curl failed. */
        List<Transfer> all() {
            if (exitCode != 0) {
                throw new AssertionError("curl exit " + exitCode + ": " + this);
            }
            return transfers();
        }

        @Override
        public String toString() {
            return command + "\nexit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }
}
