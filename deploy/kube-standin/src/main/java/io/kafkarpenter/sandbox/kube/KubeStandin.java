package io.kafkarpenter.sandbox.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.kafkarpenter.sandbox.kube.api.ApiServerExtensions;
import io.kafkarpenter.sandbox.kube.api.StandinDispatcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Stream;

/**
 * A Kubernetes API stand-in: fabric8's mock server in CRUD mode over plain HTTP on 127.0.0.1, with the CRDs a
 * cluster running Kafkarpenter has (so NodePools, NodeClaims and EC2NodeClasses get status-subresource semantics).
 *
 * <p>It is what the demo and the end-to-end tests use instead of a real API server. What the mock lacks
 * (binding and eviction subresources, field selectors) is added by {@link ApiServerExtensions}; see
 * {@code deploy/kube-standin/README.md}.
 */
public final class KubeStandin implements AutoCloseable {

    private final KubernetesMockServer server;
    private final int port;

    private KubeStandin(KubernetesMockServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts the stand-in on {@code port} (0 picks a free one) and installs the CRDs found in {@code crdDir}, if any. */
    public static KubeStandin start(int port, Path crdDir) {
        // expectations (e.g. /version) first, then CRUD; in front of both what the mock lacks (ApiServerExtensions)
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new ApiServerExtensions(new StandinDispatcher(expectations)), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kubernetes stand-in on port " + port, e);
        }
        var standin = new KubeStandin(server, server.getPort());
        if (crdDir != null && Files.isDirectory(crdDir)) {
            try (KubernetesClient client = standin.client()) {
                for (CustomResourceDefinition crd : readCrds(client, crdDir)) {
                    client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(r -> r.update());
                }
            }
        }
        return standin;
    }

    static List<CustomResourceDefinition> readCrds(KubernetesClient client, Path crdDir) {
        var crds = new ArrayList<CustomResourceDefinition>();
        try (Stream<Path> files = Files.list(crdDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    crds.add(client.apiextensions().v1().customResourceDefinitions().load(in).item());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRDs from " + crdDir, e);
        }
        return crds;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * A client for this stand-in (plain HTTP, namespace {@code default}), without request retries: fabric8 retries
     * 429 and 5xx with exponential backoff (10 times by default, ~40 s), which turns a refused eviction into a
     * long wait; against an in-memory server a retry never helps.
     */
    public KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withTrustCerts(true)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * A canned answer served before anything else, for tests that inject faults: e.g.
     * {@code expect().get().withPath("/api/v1/nodes/n").andReturn(500, status).times(3)}.
     */
    public MockServerExpectation expect() {
        return server.expect();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
