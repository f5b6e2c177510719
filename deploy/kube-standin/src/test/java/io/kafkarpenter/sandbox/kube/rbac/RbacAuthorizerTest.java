package io.kafkarpenter.sandbox.kube.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kafkarpenter.sandbox.kube.rbac.Rbac.clusterRole;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.clusterRoleBinding;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.group;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.nonResource;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.policy;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.role;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.roleBinding;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.rule;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.serviceAccount;
import static io.kafkarpenter.sandbox.kube.rbac.Rbac.user;
import static org.assertj.core.api.Assertions.assertThat;

class RbacAuthorizerTest {

    private static final StandinUser LAUNCHER = StandinUser.serviceAccount("kube-system", "kafkarpenter-launcher");
    private static final StandinUser OTHER = StandinUser.serviceAccount("kube-system", "other");

    private static boolean allowed(RbacPolicy policy, StandinUser user, String method, String target) {
        return new RbacAuthorizer(policy).authorize(user, RequestAttributes.parse(method, target)).allowed();
    }

    @Test
    void aRoleAllowsOnlyInItsNamespaceAndOnlyItsSubject() {
        RbacPolicy policy = policy(
                role("kube-system", "leases", rule(List.of("coordination.k8s.io"), List.of("leases"), List.of("get", "create"))),
                roleBinding("kube-system", "leases", "Role", "leases", serviceAccount("kube-system", "kafkarpenter-launcher")));
        String leases = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases";

        assertThat(allowed(policy, LAUNCHER, "GET", leases + "/kk")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "POST", leases)).isTrue();
        assertThat(allowed(policy, LAUNCHER, "PUT", leases + "/kk")).as("verb not granted").isFalse();
        assertThat(allowed(policy, LAUNCHER, "GET", leases)).as("list not granted").isFalse();
        assertThat(allowed(policy, LAUNCHER, "GET", "/apis/coordination.k8s.io/v1/namespaces/default/leases/kk"))
                .as("other namespace").isFalse();
        assertThat(allowed(policy, LAUNCHER, "GET", "/apis/coordination.k8s.io/v1/leases")).as("all namespaces").isFalse();
        assertThat(allowed(policy, OTHER, "GET", leases + "/kk")).as("other ServiceAccount").isFalse();
        assertThat(allowed(policy, LAUNCHER, "GET", "/api/v1/namespaces/kube-system/configmaps/kk"))
                .as("other resource, core group").isFalse();
    }

    @Test
    void aClusterRoleBoundClusterWideAllowsEveryNamespaceAndClusterScopedResources() {
        RbacPolicy policy = policy(
                clusterRole("reader", rule(List.of(""), List.of("pods", "nodes"), List.of("get", "list", "watch"))),
                clusterRoleBinding("reader", "reader", serviceAccount("kube-system", "kafkarpenter-launcher")));

        assertThat(allowed(policy, LAUNCHER, "GET", "/api/v1/namespaces/a/pods/x")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "GET", "/api/v1/pods?watch=true")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "GET", "/api/v1/nodes")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "DELETE", "/api/v1/nodes/n1")).isFalse();
    }

    @Test
    void aClusterRoleBoundByARoleBindingAllowsOnlyInThatNamespace() {
        RbacPolicy policy = policy(
                clusterRole("reader", rule(List.of(""), List.of("pods", "nodes"), List.of("get"))),
                roleBinding("team-a", "reader", "ClusterRole", "reader", serviceAccount("kube-system", "kafkarpenter-launcher")));

        assertThat(allowed(policy, LAUNCHER, "GET", "/api/v1/namespaces/team-a/pods/x")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "GET", "/api/v1/namespaces/team-b/pods/x")).isFalse();
        assertThat(allowed(policy, LAUNCHER, "GET", "/api/v1/nodes/n1")).as("cluster-scoped").isFalse();
        assertThat(policy.grants()).extracting(RbacGrant::role).containsOnly("ClusterRole/reader@team-a");
    }

    @Test
    void resourceNamesLimitToNamedRequestsAndNeverAllowCreate() {
        RbacPolicy policy = policy(
                role("kube-system", "lease", rule(List.of("coordination.k8s.io"), List.of("leases"),
                        List.of("get", "update", "create", "list", "watch", "deletecollection"), "kk-pod-watcher")),
                roleBinding("kube-system", "lease", "Role", "lease", serviceAccount("kube-system", "kafkarpenter-launcher")));
        String leases = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases";

        assertThat(allowed(policy, LAUNCHER, "GET", leases + "/kk-pod-watcher")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "PUT", leases + "/kk-pod-watcher")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "GET", leases + "/kk-consolidator")).isFalse();
        assertThat(allowed(policy, LAUNCHER, "POST", leases)).as("create names no object").isFalse();
        assertThat(allowed(policy, LAUNCHER, "GET", leases)).as("list without a name selector").isFalse();
        assertThat(allowed(policy, LAUNCHER, "DELETE", leases)).as("deletecollection").isFalse();
        assertThat(allowed(policy, LAUNCHER, "GET", leases + "?fieldSelector=metadata.name%3Dkk-pod-watcher&watch=true"))
                .as("watch of the one name, as Kubernetes allows").isTrue();
    }

    @Test
    void subresourcesAreSeparateResourcesAndStarSlashMatchesAnySubresource() {
        RbacPolicy policy = policy(
                clusterRole("evictor", rule(List.of(""), List.of("pods/eviction"), List.of("create")),
                        rule(List.of("karpenter.sh"), List.of("*/status"), List.of("update"))),
                clusterRoleBinding("evictor", "evictor", serviceAccount("kube-system", "kafkarpenter-launcher")));

        assertThat(allowed(policy, LAUNCHER, "POST", "/api/v1/namespaces/a/pods/x/eviction")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "DELETE", "/api/v1/namespaces/a/pods/x")).as("the pod itself").isFalse();
        assertThat(allowed(policy, LAUNCHER, "PUT", "/apis/karpenter.sh/v1/nodeclaims/c/status")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "PUT", "/apis/karpenter.sh/v1/nodeclaims/c")).isFalse();

        RbacPolicy podsSlashStar = policy(
                clusterRole("x", rule(List.of(""), List.of("pods/*"), List.of("*"))),
                clusterRoleBinding("x", "x", serviceAccount("kube-system", "kafkarpenter-launcher")));
        assertThat(allowed(podsSlashStar, LAUNCHER, "POST", "/api/v1/namespaces/a/pods/x/eviction"))
                .as("pods/* is no wildcard in RBAC").isFalse();
    }

    @Test
    void wildcardsMatchEveryGroupResourceAndVerb() {
        RbacPolicy policy = policy(
                clusterRole("all", rule(List.of("*"), List.of("*"), List.of("*"))),
                clusterRoleBinding("all", "all", serviceAccount("kube-system", "kafkarpenter-launcher")));

        assertThat(allowed(policy, LAUNCHER, "DELETE", "/apis/karpenter.sh/v1/nodepools")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "POST", "/api/v1/namespaces/a/pods/x/eviction")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "GET", "/metrics")).as("resource rules never allow URLs").isFalse();
    }

    @Test
    void usersAndGroupsAreSubjectsToo() {
        RbacPolicy policy = policy(
                clusterRole("nodes", rule(List.of(""), List.of("nodes"), List.of("list"))),
                clusterRole("pods", rule(List.of(""), List.of("pods"), List.of("list"))),
                clusterRole("cms", rule(List.of(""), List.of("configmaps"), List.of("list"))),
                clusterRoleBinding("all-sas", "nodes", group("system:serviceaccounts")),
                clusterRoleBinding("ns-sas", "pods", group("system:serviceaccounts:kube-system")),
                clusterRoleBinding("by-name", "cms", user("system:serviceaccount:kube-system:kafkarpenter-launcher")));
        StandinUser elsewhere = StandinUser.serviceAccount("default", "x");

        assertThat(allowed(policy, elsewhere, "GET", "/api/v1/nodes")).isTrue();
        assertThat(allowed(policy, elsewhere, "GET", "/api/v1/pods")).isFalse();
        assertThat(allowed(policy, OTHER, "GET", "/api/v1/pods")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "GET", "/api/v1/configmaps")).isTrue();
        assertThat(allowed(policy, OTHER, "GET", "/api/v1/configmaps")).isFalse();
    }

    @Test
    void discoveryIsOpenToAuthenticatedUsersAndOtherUrlsNeedANonResourceRule() {
        RbacPolicy policy = policy(
                clusterRole("metrics", nonResource(List.of("/metrics", "/logs/*"), List.of("get"))),
                clusterRoleBinding("metrics", "metrics", serviceAccount("kube-system", "kafkarpenter-launcher")));

        for (String url : List.of("/version", "/api", "/api/v1", "/apis", "/apis/karpenter.sh/v1", "/openapi/v2", "/healthz")) {
            assertThat(allowed(policy, OTHER, "GET", url)).as(url).isTrue();
        }
        assertThat(allowed(policy, OTHER, "POST", "/api")).isFalse();
        assertThat(allowed(policy, OTHER, "GET", "/metrics")).isFalse();
        assertThat(allowed(policy, LAUNCHER, "GET", "/metrics")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "GET", "/logs/a/b")).isTrue();
        assertThat(allowed(policy, LAUNCHER, "POST", "/metrics")).isFalse();
    }

    @Test
    void mastersMayDoAnythingAndNothingIsRecordedForThem() {
        var decision = new RbacAuthorizer(RbacPolicy.empty()).authorize(StandinTokens.ADMIN_USER,
                RequestAttributes.parse("DELETE", "/api/v1/nodes"));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.grants()).isEmpty();
    }

    @Test
    void everyMatchingGrantIsReported() {
        RbacPolicy policy = policy(
                clusterRole("a", rule(List.of(""), List.of("pods"), List.of("get", "list"))),
                clusterRole("b", rule(List.of("*"), List.of("pods"), List.of("get"))),
                clusterRoleBinding("a", "a", serviceAccount("kube-system", "kafkarpenter-launcher")),
                clusterRoleBinding("b", "b", serviceAccount("kube-system", "kafkarpenter-launcher")));

        var decision = new RbacAuthorizer(policy).authorize(LAUNCHER, RequestAttributes.parse("GET", "/api/v1/namespaces/a/pods/x"));

        assertThat(decision.grants()).extracting(RbacGrant::role, RbacGrant::apiGroup, RbacGrant::verb)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ClusterRole/a", "", "get"),
                        org.assertj.core.groups.Tuple.tuple("ClusterRole/b", "*", "get"));
    }

    @Test
    void aggregatedClusterRolesGetTheRulesOfTheRolesTheySelect() {
        ClusterRole aggregate = new ClusterRoleBuilder().withNewMetadata().withName("view").endMetadata()
                .withNewAggregationRule().addNewClusterRoleSelector().addToMatchLabels("aggregate-to-view", "true")
                .endClusterRoleSelector().endAggregationRule().build();
        ClusterRole part = clusterRole("nodepool-viewer", rule(List.of("karpenter.sh"), List.of("nodepools"), List.of("get")));
        part.getMetadata().setLabels(java.util.Map.of("aggregate-to-view", "true"));
        RbacPolicy policy = policy(aggregate, part,
                clusterRoleBinding("view", "view", serviceAccount("kube-system", "kafkarpenter-launcher")));

        assertThat(allowed(policy, LAUNCHER, "GET", "/apis/karpenter.sh/v1/nodepools/default")).isTrue();
        assertThat(policy.grants()).extracting(RbacGrant::role).containsOnly("ClusterRole/view");
    }

    @Test
    void aBindingToAMissingRoleGivesTheApiServersReason() {
        RbacPolicy policy = policy(
                roleBinding("kube-system", "x", "Role", "absent", serviceAccount("kube-system", "kafkarpenter-launcher")));

        var decision = new RbacAuthorizer(policy).authorize(LAUNCHER,
                RequestAttributes.parse("GET", "/api/v1/namespaces/kube-system/pods/x"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo("RBAC: role.rbac.authorization.k8s.io \"absent\" not found");
        assertThat(new RbacAuthorizer(policy).authorize(LAUNCHER,
                RequestAttributes.parse("GET", "/api/v1/namespaces/default/pods/x")).reason()).isEmpty();
    }
}
