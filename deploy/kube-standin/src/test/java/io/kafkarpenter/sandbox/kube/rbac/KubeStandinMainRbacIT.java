package io.kafkarpenter.sandbox.kube.rbac;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The process form: {@code --rbac} enforces a rendered chart, and a SIGTERM still writes the usage file. */
class KubeStandinMainRbacIT {

    @Test
    void enforcesTheRenderedChartAndWritesUsageOnSigterm(@TempDir Path dir) throws Exception {
        Path chart = dir.resolve("chart.yaml");
        Files.writeString(chart, RbacPolicyTest.RENDERED);
        Path usage = dir.resolve("usage");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String classpath = System.getProperty("java.class.path");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "io.kafkarpenter.sandbox.kube.KubeStandinMain", "--port", String.valueOf(port),
                "--no-kubelet", "--no-scheduler", "--rbac", chart.toString(), "--rbac-usage-dir", usage.toString())
                .redirectErrorStream(true).start();
        try {
            List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        output.add(line);
                        if (line.startsWith("kube-standin ready at")) {
                            ready.complete(null);
                        }
                    }
                } catch (Exception e) {
                    ready.completeExceptionally(e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            ready.get(60, TimeUnit.SECONDS);
            assertThat(output).contains("rbac: enforced, 7 grants from " + chart + ", usage written to " + usage + " on stop");

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            String token = StandinTokens.serviceAccount("kube-system", "kafkarpenter-launcher");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/pods")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/apis/karpenter.sh/v1/nodeclaims/c"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("allowed, absent").isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/apis/karpenter.sh/v1/nodeclaims/c"))
                    .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(403);

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        try (Stream<Path> files = Files.list(usage)) {
            List<Path> used = files.toList();
            assertThat(used).hasSize(1);
            assertThat(Files.readAllLines(used.get(0))).containsExactly(String.join("\t",
                    "system:serviceaccount:kube-system:kafkarpenter-launcher", "ClusterRole/kafkarpenter-launcher",
                    "karpenter.sh", "nodeclaims", "get", ""));
        }
    }
}
