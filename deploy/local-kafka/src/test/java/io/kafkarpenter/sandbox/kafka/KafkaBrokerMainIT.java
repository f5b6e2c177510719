package io.kafkarpenter.sandbox.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker as its own OS process, the way {@code bin/kk kafka} runs it. */
class KafkaBrokerMainIT {

    private static final String EOF = new String("<end of output>");

    @Test
    void runsAsItsOwnProcessServesClientsAndStopsCleanlyOnSigterm(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                KafkaBrokerMain.class.getName(),
                "--port", String.valueOf(port), "--controller-port", String.valueOf(controllerPort),
                "--data-dir", dataDir.toString())
            .redirectErrorStream(true)
            .start();
        try {
            BlockingQueue<String> stdout = linesOf(process);
            String readyLine = awaitLine(stdout, KafkaBrokerMain.READY_PREFIX, 60);
            assertThat(readyLine).contains("bootstrap=localhost:" + port).contains("data=" + dataDir.toAbsolutePath());

            var record = RoundTrip.produceAndConsume("localhost:" + port, "standalone", "k1", "hello");
            assertThat(record.value()).isEqualTo("hello");

            process.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its stdout)
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30s of SIGTERM").isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(awaitLine(stdout, KafkaBrokerMain.STOPPED_LINE, 5)).isEqualTo(KafkaBrokerMain.STOPPED_LINE);
            assertThat(Files.readString(dataDir.resolve("broker.log"))).contains("Kafka Server started");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void withSaslScramOnlyTheAdminGetsIn(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                KafkaBrokerMain.class.getName(),
                "--port", String.valueOf(port), "--controller-port", String.valueOf(freePort()),
                "--data-dir", dataDir.toString(),
                "--sasl-scram", "--admin-user", "root", "--admin-password", "root-secret")
            .redirectErrorStream(true)
            .start();
        try {
            String readyLine = awaitLine(linesOf(process), KafkaBrokerMain.READY_PREFIX, 60);
            assertThat(readyLine).contains("sasl=SCRAM-SHA-512 admin=root");
            java.util.Properties admin = new java.util.Properties();
            admin.put("bootstrap.servers", "localhost:" + port);
            admin.put("security.protocol", "SASL_PLAINTEXT");
            admin.put("sasl.mechanism", "SCRAM-SHA-512");
            admin.put("sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"root\" password=\"root-secret\";");
            try (var client = org.apache.kafka.clients.admin.Admin.create(admin)) {
                assertThat(client.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
        } finally {
            process.toHandle().destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Reads the process's output on a daemon thread, line by line; the queue ends with {@link #EOF}. */
    private static BlockingQueue<String> linesOf(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
            lines.add(EOF);
        }, "broker-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix, int seconds) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line == EOF) {
                break;
            }
            seen.add(line);
        }
        throw new AssertionError("no line starting '" + prefix + "' in the broker's output: " + String.join("\n", seen));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
