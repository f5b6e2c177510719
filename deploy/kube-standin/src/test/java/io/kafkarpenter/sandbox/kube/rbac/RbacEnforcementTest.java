package io.kafkarpenter.sandbox.kube.rbac;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimSpec;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.kafkarpenter.sandbox.kube.rbac.Rbac.clusterRole;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.clusterRoleBinding;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.role;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.roleBinding;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.rule;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A live stand-in enforcing a small policy, driven by real fabric8 clients that send ServiceAccount tokens. */
class RbacEnforcementTest {

    private static final String NS = "kube-system";
    private static final String LAUNCHER = "kafkarpenter-launcher";
    private static final String WATCHER = "kafkarpenter-pod-watcher";

    static final RbacPolicy POLICY = Rbac.policy(
            clusterRole(LAUNCHER,
                    rule(List.of(""), List.of("pods"), List.of("get", "list", "watch")),
                    rule(List.of(""), List.of("pods/eviction"), List.of("create")),
                    rule(List.of("karpenter.sh"), List.of("nodeclaims"), List.of("get", "create")),
                    rule(List.of("karpenter.sh"), List.of("nodeclaims/status"), List.of("update"))),
            clusterRoleBinding(LAUNCHER, LAUNCHER, serviceAccount(NS, LAUNCHER)),
            role(NS, LAUNCHER, rule(List.of("coordination.k8s.io"), List.of("leases"), List.of("get"), "kk-launcher")),
            roleBinding(NS, LAUNCHER, "Role", LAUNCHER, serviceAccount(NS, LAUNCHER)),
            clusterRole(WATCHER, rule(List.of(""), List.of("nodes"), List.of("get"))),
            clusterRoleBinding(WATCHER, WATCHER, serviceAccount(NS, WATCHER)));

    private static KubeStandin standin;
    private static KubernetesClient admin;
    private static KubernetesClient launcher;
    private static KubernetesClient watcher;

    @BeforeAll
    static void start() {
        standin = KubeStandin.start(0, Path.of("../crds"), POLICY);
        admin = standin.client();
        launcher = standin.client(StandinTokens.serviceAccount(NS, LAUNCHER));
        watcher = standin.client(StandinTokens.serviceAccount(NS, WATCHER));
    }

    @AfterAll
    static void stop() {
        watcher.close();
        launcher.close();
        admin.close();
        standin.close();
    }

    @Test
    void fabric8SendsTheServiceAccountTokenAndGrantedRequestsSucceed() {
        admin.pods().inNamespace("default").resource(pod("allowed-0")).create();

        assertThat(launcher.pods().inNamespace("default").withName("allowed-0").get()).isNotNull();
        assertThat(launcher.pods().inAnyNamespace().list().getItems()).extracting(p -> p.getMetadata().getName())
                .contains("allowed-0");
        assertThat(standin.enforcesRbac()).isTrue();
    }

    @Test
    void aRequestWithoutOrWithAnUnknownTokenIs401() {
        for (String token : new String[] {null, "not-a-token", "kk-sa:only-one-part"}) {
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(standin.url()).withOauthToken(token)
                    .withRequestRetryBackoffLimit(0).build();
            try (KubernetesClient anonymous = new KubernetesClientBuilder().withConfig(config).build()) {
                Status status = statusOf(() -> anonymous.pods().inNamespace("default").list());
                assertThat(status.getCode()).as("token %s", token).isEqualTo(401);
                assertThat(status.getReason()).isEqualTo("Unauthorized");
            }
        }
    }

    @Test
    void withUnauthenticatedAdminARequestWithoutATokenIsTheAdminAndATokenIsStillChecked() {
        try (KubeStandin open = KubeStandin.start(0, null, POLICY, null, true)) {
            Config none = new ConfigBuilder(Config.empty()).withMasterUrl(open.url()).withRequestRetryBackoffLimit(0).build();
            try (KubernetesClient kubectlLike = new KubernetesClientBuilder().withConfig(none).build();
                 KubernetesClient unknown = open.client("not-a-token");
                 KubernetesClient sa = open.client(StandinTokens.serviceAccount(NS, WATCHER))) {
                kubectlLike.pods().inNamespace("default").resource(pod("anonymous-0")).create();
                assertThat(kubectlLike.pods().inNamespace("default").list().getItems()).isNotEmpty();
                assertThat(statusOf(() -> unknown.pods().inNamespace("default").list()).getCode()).isEqualTo(401);
                assertThat(statusOf(() -> sa.pods().inNamespace("default").list()).getCode()).isEqualTo(403);
            }
        }
    }

    @Test
    void aDeniedRequestIs403WithTheApiServersStatus() {
        admin.pods().inNamespace("default").resource(pod("denied-0")).create();

        Status status = statusOf(() -> launcher.pods().inNamespace("default").withName("denied-0").delete());

        assertThat(status.getCode()).isEqualTo(403);
        assertThat(status.getReason()).isEqualTo("Forbidden");
        assertThat(status.getMessage()).isEqualTo("pods \"denied-0\" is forbidden: User "
                + "\"system:serviceaccount:kube-system:kafkarpenter-launcher\" cannot delete resource \"pods\" in API "
                + "group \"\" in the namespace \"default\"");
        assertThat(status.getDetails().getName()).isEqualTo("denied-0");
        assertThat(status.getDetails().getKind()).isEqualTo("pods");
        assertThat(status.getDetails().getGroup()).isEmpty();
        assertThat(admin.pods().inNamespace("default").withName("denied-0").get()).as("not deleted").isNotNull();
    }

    @Test
    void aDeniedClusterScopedRequestSaysAtTheClusterScope() {
        Status status = statusOf(() -> launcher.resources(NodeClaim.class).list());

        assertThat(status.getMessage()).isEqualTo("nodeclaims.karpenter.sh is forbidden: User "
                + "\"system:serviceaccount:kube-system:kafkarpenter-launcher\" cannot list resource \"nodeclaims\" in "
                + "API group \"karpenter.sh\" at the cluster scope");
        assertThat(status.getDetails().getGroup()).isEqualTo("karpenter.sh");
    }

    @Test
    void evictionNeedsThePodsEvictionGrantNotDelete() {
        admin.pods().inNamespace("default").resource(pod("evicted-0")).create();
        admin.pods().inNamespace("default").resource(pod("evicted-1")).create();

        assertThat(launcher.pods().inNamespace("default").withName("evicted-0").evict()).isTrue();
        assertThat(admin.pods().inNamespace("default").withName("evicted-0").get()).isNull();

        Status status = statusOf(() -> watcher.pods().inNamespace("default").withName("evicted-1").evict());
        assertThat(status.getCode()).isEqualTo(403);
        assertThat(status.getMessage()).contains("cannot create resource \"pods/eviction\" in API group \"\" in the namespace \"default\"");
        assertThat(admin.pods().inNamespace("default").withName("evicted-1").get()).isNotNull();
    }

    @Test
    void theStatusSubresourceIsAuthorizedApartFromTheObject() {
        NodeClaim claim = new NodeClaim();
        claim.setMetadata(new ObjectMetaBuilder().withName("claim-rbac").build());
        claim.setSpec(new NodeClaimSpec());
        NodeClaim created = launcher.resources(NodeClaim.class).resource(claim).create();
        created.setStatus(new NodeClaimStatus());
        created.getStatus().setProviderID("aws:///us-east-1a/i-0rbac");

        launcher.resources(NodeClaim.class).resource(created).updateStatus();

        assertThat(admin.resources(NodeClaim.class).withName("claim-rbac").get().getStatus().getProviderID())
                .isEqualTo("aws:///us-east-1a/i-0rbac");
        NodeClaim again = launcher.resources(NodeClaim.class).withName("claim-rbac").get();
        again.getMetadata().setLabels(java.util.Map.of("x", "y"));
        assertThat(statusOf(() -> launcher.resources(NodeClaim.class).resource(again).update()).getMessage())
                .contains("cannot update resource \"nodeclaims\" in API group \"karpenter.sh\"");
    }

    @Test
    void resourceNamesAllowOnlyTheNamedLease() {
        assertThat(launcher.leases().inNamespace(NS).withName("kk-launcher").get()).as("allowed, absent: 404").isNull();

        assertThat(statusOf(() -> launcher.leases().inNamespace(NS).withName("kk-consolidator").get()).getMessage())
                .isEqualTo("leases.coordination.k8s.io \"kk-consolidator\" is forbidden: User "
                        + "\"system:serviceaccount:kube-system:kafkarpenter-launcher\" cannot get resource \"leases\" "
                        + "in API group \"coordination.k8s.io\" in the namespace \"kube-system\"");
    }

    @Test
    void watchesAreAuthorizedToo() throws Exception {
        KubernetesClientException refused = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> watcher.pods().inAnyNamespace().watch(new Recorder()));
        assertThat(refused.getCode()).as("fabric8 reports the failed upgrade's code, not the body").isEqualTo(403);

        // a watch as a streamed GET (what kubectl --watch does) gets the whole Status
        HttpResponse<String> streamed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(standin.url() + "/api/v1/pods?watch=true"))
                .header("Authorization", "Bearer " + StandinTokens.serviceAccount(NS, WATCHER)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(403);
        assertThat(Serialization.unmarshal(streamed.body(), Status.class).getMessage()).isEqualTo("pods is forbidden: "
                + "User \"system:serviceaccount:kube-system:kafkarpenter-pod-watcher\" cannot watch resource \"pods\" "
                + "in API group \"\" at the cluster scope");

        Recorder events = new Recorder();
        try (Watch watch = launcher.pods().inNamespace("default").watch(events)) {
            admin.pods().inNamespace("default").resource(pod("watched-0")).create();
            await().atMost(10, TimeUnit.SECONDS).until(() -> events.names.contains("watched-0"));
        }
    }

    @Test
    void allowedRequestsRecordTheirGrantsAndAdminRequestsRecordNothing() {
        admin.pods().inNamespace("default").resource(pod("usage-0")).create();
        launcher.pods().inNamespace("default").withName("usage-0").get();

        String sa = "system:serviceaccount:kube-system:kafkarpenter-launcher";
        assertThat(standin.rbacUsage().usedGrants())
                .contains(new RbacGrant(sa, "ClusterRole/" + LAUNCHER, "", "pods", "get", ""))
                .allMatch(g -> g.subject().startsWith("system:serviceaccount:kube-system:"));
        assertThat(standin.rbacUsage().unusedGrants())
                .contains(new RbacGrant("system:serviceaccount:kube-system:" + WATCHER, "ClusterRole/" + WATCHER, "",
                        "nodes", "get", ""));
    }

    private static Status statusOf(Executable call) {
        KubernetesClientException thrown = (KubernetesClientException) org.junit.jupiter.api.Assertions
                .assertThrows(KubernetesClientException.class, call);
        assertThat(thrown.getStatus()).as("Status of %s", thrown.getMessage()).isNotNull();
        return thrown.getStatus();
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("pause").endContainer().endSpec().build();
    }

    private static final class Recorder implements Watcher<Pod> {
        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void eventReceived(Action action, Pod pod) {
            names.add(pod.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }
}
