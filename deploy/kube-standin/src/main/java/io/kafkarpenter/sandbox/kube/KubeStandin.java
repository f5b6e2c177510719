package io.kafkarpenter.sandbox.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.kafkarpenter.sandbox.kube.api.ApiServerExtensions;
import io.kafkarpenter.sandbox.kube.api.StandinDispatcher;
import io.kafkarpenter.sandbox.kube.api.discovery.DiscoveryDispatcher;
import io.kafkarpenter.sandbox.kube.api.front.KubectlFront;
import io.kafkarpenter.sandbox.kube.api.protobuf.ProtobufRequests;
import io.kafkarpenter.sandbox.kube.api.table.TableDispatcher;
import io.kafkarpenter.sandbox.kube.api.write.ApiWrites;
import io.kafkarpenter.sandbox.kube.rbac.RbacAuthorizer;
import io.kafkarpenter.sandbox.kube.rbac.RbacGate;
import io.kafkarpenter.sandbox.kube.rbac.RbacPolicy;
import io.kafkarpenter.sandbox.kube.rbac.RbacUsage;
import io.kafkarpenter.sandbox.kube.rbac.StandinTokens;
import io.fabric8.mockwebserver.http.Dispatcher;

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
 *
 * <p>Given an {@link RbacPolicy} it enforces RBAC like an API server ({@link RbacGate}): every request needs a bearer
 * token ({@link StandinTokens}), and a ServiceAccount may do only what the policy's Roles and bindings grant.
 */
public final class KubeStandin implements AutoCloseable {

    /** The cluster, user and context name of {@link #writeKubeconfig}. */
    public static final String KUBECONFIG_CONTEXT = "kube-standin";

    private final KubernetesMockServer server;
    private final int port;
    private final RbacUsage rbacUsage;
    private final boolean enforcing;
    /** The port kubectl talks to (streams watches); see {@link #kubectlUrl()}. */
    private KubectlFront kubectlFront;
    private final Thread requestLogDrain;

    private KubeStandin(KubernetesMockServer server, int port, RbacUsage rbacUsage, boolean enforcing) {
        this.server = server;
        this.port = port;
        this.rbacUsage = rbacUsage;
        this.enforcing = enforcing;
        this.requestLogDrain = drainRequestLog(server);
    }

    /**
     * The mock records every request it serves, body included, in a queue for {@code takeRequest()} — which nothing
     * here calls: a memory leak of every write's JSON. In {@code bin/kk bench scale} it held 23,700 requests after
     * 3 minutes (64 MB of bodies) and the stand-in's heap filled up with them. This thread takes each recorded request
     * off the queue and drops it (one blocking take at a time; it ends when the stand-in is closed).
     */
    private static Thread drainRequestLog(KubernetesMockServer server) {
        Thread drain = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    server.takeRequest();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kube-standin-request-log-drain");
        drain.setDaemon(true);
        drain.start();
        return drain;
    }

    /** Starts the stand-in on {@code port} (0 picks a free one) and installs the CRDs found in {@code crdDir}, if any. */
    public static KubeStandin start(int port, Path crdDir) {
        return start(port, crdDir, null, null);
    }

    /**
     * As {@link #start(int, Path)}, enforcing RBAC with {@code policy} (null = no enforcement: any request, with or
     * without a token, is served). Usage is written on {@link #close()} to the directory named by
     * {@value RbacUsage#DIR_PROPERTY} / {@value RbacUsage#DIR_ENV}, if set.
     */
    public static KubeStandin start(int port, Path crdDir, RbacPolicy policy) {
        return start(port, crdDir, policy, null);
    }

    /** As {@link #start(int, Path, RbacPolicy)}, writing RBAC usage to {@code usageDir} (null = as configured). */
    public static KubeStandin start(int port, Path crdDir, RbacPolicy policy, Path usageDir) {
        return start(port, crdDir, policy, usageDir, false);
    }

    /**
     * As {@link #start(int, Path, RbacPolicy, Path)}; with {@code unauthenticatedAdmin}, a request without any
     * {@code Authorization} header is served as the admin rather than refused 401 (see {@link RbacGate}: kubectl sends
     * no token over plain HTTP).
     */
    public static KubeStandin start(int port, Path crdDir, RbacPolicy policy, Path usageDir, boolean unauthenticatedAdmin) {
        // expectations (e.g. /version) first, then CRUD; in front of both what the mock lacks (ApiServerExtensions);
        // in front of everything, with a policy, authentication and RBAC (RbacGate)
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        Dispatcher dispatcher = new ApiServerExtensions(new StandinDispatcher(expectations));
        dispatcher = new ApiWrites(dispatcher); // K-WRITE: patch, apply, scale, field validation
        dispatcher = new DiscoveryDispatcher(new TableDispatcher(new ProtobufRequests(dispatcher))); // K-READ: discovery, OpenAPI, Tables, protobuf bodies
        RbacUsage usage;
        if (policy != null) {
            usage = new RbacUsage(policy, usageDir != null ? usageDir : RbacUsage.configuredDir().orElse(null));
            dispatcher = new RbacGate(dispatcher, new RbacAuthorizer(policy), usage,
                    unauthenticatedAdmin ? java.util.Optional.of(StandinTokens.ADMIN_USER) : java.util.Optional.empty());
        } else {
            usage = new RbacUsage(RbacPolicy.empty(), null);
        }
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kubernetes stand-in on port " + port, e);
        }
        var standin = new KubeStandin(server, server.getPort(), usage, policy != null);
        standin.kubectlFront = KubectlFront.start(dispatcher);
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
     * The URL of the stand-in's second port, which serves the same API through the same dispatchers and can also
     * stream a watch over plain HTTP, as client-go watches ({@code kubectl get -w}); the mock's own port only serves
     * websocket watches (fabric8's). {@link #writeKubeconfig} points here.
     */
    public String kubectlUrl() {
        return kubectlFront.url();
    }

    /** Whether RBAC is enforced (the stand-in was started with a policy). */
    public boolean enforcesRbac() {
        return enforcing;
    }

    /**
     * A client for this stand-in (plain HTTP, namespace {@code default}) as the admin ({@link StandinTokens#ADMIN}:
     * allowed everything, not recorded as RBAC usage), without request retries: fabric8 retries 429 and 5xx with
     * exponential backoff (10 times by default, ~40 s), which turns a refused eviction into a long wait; against an
     * in-memory server a retry never helps.
     */
    public KubernetesClient client() {
        return client(StandinTokens.ADMIN);
    }

    /** As {@link #client()}, sending {@code token}, e.g. {@link StandinTokens#serviceAccount}. */
    public KubernetesClient client(String token) {
        return new KubernetesClientBuilder().withConfig(config(token)).build();
    }

    /** The client configuration {@link #client(String)} uses. */
    public Config config(String token) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withTrustCerts(true)
                .withOauthToken(token)
                .withRequestRetryBackoffLimit(0)
                .build();
    }

    /**
     * Writes a kubeconfig for this stand-in (context {@value #KUBECONFIG_CONTEXT}, the admin token, server
     * {@link #kubectlUrl()}), so that kubectl and kubectl-style tools such as {@code bin/kk nodes --kubeconfig FILE}
     * can reach it. The file is readable by its owner only.
     */
    public void writeKubeconfig(Path file) {
        io.fabric8.kubernetes.api.model.Config kubeconfig = new io.fabric8.kubernetes.api.model.ConfigBuilder()
                .addNewCluster().withName(KUBECONFIG_CONTEXT).withNewCluster().withServer(kubectlUrl()).endCluster().endCluster()
                .addNewUser().withName(StandinTokens.ADMIN).withNewUser().withToken(StandinTokens.ADMIN).endUser().endUser()
                .addNewContext().withName(KUBECONFIG_CONTEXT).withNewContext().withCluster(KUBECONFIG_CONTEXT)
                .withUser(StandinTokens.ADMIN).withNamespace("default").endContext().endContext()
                .withCurrentContext(KUBECONFIG_CONTEXT).build();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            KubeConfigUtils.persistKubeConfigIntoFile(kubeconfig, file.toFile());
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
        }
    }

    /**
     * A canned answer served before anything else, for tests that inject faults: e.g.
     * {@code expect().get().withPath("/api/v1/nodes/n").andReturn(500, status).times(3)}.
     */
    public MockServerExpectation expect() {
        return server.expect();
    }

    /** The grants used so far (with no policy: an empty policy's usage, which writes nothing). */
    public RbacUsage rbacUsage() {
        return rbacUsage;
    }

    /** Stops the server, then writes RBAC usage when a usage directory is configured. */
    @Override
    public void close() {
        requestLogDrain.interrupt();
        try {
            kubectlFront.close();
            server.destroy();
        } finally {
            rbacUsage.close();
        }
    }
}
