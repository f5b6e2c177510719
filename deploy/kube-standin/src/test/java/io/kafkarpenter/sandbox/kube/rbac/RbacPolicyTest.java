package io.kafkarpenter.sandbox.kube.rbac;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RbacPolicyTest {

    /** What {@code helm template} prints: comment-only documents, non-RBAC kinds, a Role and a ClusterRole. */
    static final String RENDERED = """
            ---
            # Source: kafkarpenter/templates/serviceaccount.yaml
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: kafkarpenter-launcher
              namespace: kube-system
            ---
            # Source: kafkarpenter/templates/clusterrole.yaml
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: kafkarpenter-launcher
            rules:
              - apiGroups: ["karpenter.sh"]
                resources: ["nodeclaims", "nodeclaims/status"]
                verbs: ["get", "update"]
              - apiGroups: [""]
                resources: ["pods/eviction"]
                verbs: ["create"]
            ---
            # Source: kafkarpenter/templates/clusterrolebinding.yaml
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: kafkarpenter-launcher
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: kafkarpenter-launcher
            subjects:
              - kind: ServiceAccount
                name: kafkarpenter-launcher
                namespace: kube-system
            ---
            # Source: kafkarpenter/templates/role.yaml
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: kafkarpenter-launcher
              namespace: kube-system
            rules:
              - apiGroups: ["coordination.k8s.io"]
                resources: ["leases"]
                verbs: ["get", "update"]
                resourceNames: ["kk-launcher"]
            ---
            # Source: kafkarpenter/templates/rolebinding.yaml
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: kafkarpenter-launcher
              namespace: kube-system
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: kafkarpenter-launcher
            subjects:
              - kind: ServiceAccount
                name: kafkarpenter-launcher
            ---
            # Source: kafkarpenter/templates/empty.yaml
            ---
            # Source: kafkarpenter/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: kafkarpenter-launcher
              namespace: kube-system
            spec:
              selector:
                matchLabels: {app: x}
              template:
                metadata:
                  labels: {app: x}
                spec:
                  containers: [{name: launcher, image: launcher}]
            """;

    private static final String SA = "system:serviceaccount:kube-system:kafkarpenter-launcher";

    @Test
    void expandsEveryRuleOfARenderedChartIntoGrants(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chart.yaml");
        Files.writeString(file, RENDERED);

        RbacPolicy policy = RbacPolicy.fromYaml(file);

        assertThat(policy.grants()).extracting(RbacGrant::key).containsExactly(
                String.join("\t", SA, "ClusterRole/kafkarpenter-launcher", "", "pods/eviction", "create", ""),
                String.join("\t", SA, "ClusterRole/kafkarpenter-launcher", "karpenter.sh", "nodeclaims", "get", ""),
                String.join("\t", SA, "ClusterRole/kafkarpenter-launcher", "karpenter.sh", "nodeclaims", "update", ""),
                String.join("\t", SA, "ClusterRole/kafkarpenter-launcher", "karpenter.sh", "nodeclaims/status", "get", ""),
                String.join("\t", SA, "ClusterRole/kafkarpenter-launcher", "karpenter.sh", "nodeclaims/status", "update", ""),
                // the RoleBinding's ServiceAccount subject has no namespace: it is the binding's
                String.join("\t", SA, "Role/kube-system/kafkarpenter-launcher", "coordination.k8s.io", "leases", "get", "kk-launcher"),
                String.join("\t", SA, "Role/kube-system/kafkarpenter-launcher", "coordination.k8s.io", "leases", "update", "kk-launcher"));
    }

    @Test
    void acceptsGenericResourcesAsAChartParserMayReturnThem() {
        List<GenericKubernetesResource> generic = RbacPolicy.parseManifests(RENDERED).stream()
                .map(o -> Serialization.unmarshal(Serialization.asJson(o), GenericKubernetesResource.class)).toList();

        assertThat(RbacPolicy.from(generic).grants()).hasSize(7);
    }

    @Test
    void grantKeysRoundTrip() {
        RbacGrant grant = new RbacGrant(SA, "ClusterRole/x@team-a", "", "pods/eviction", "create", "");

        assertThat(RbacGrant.parse(grant.key())).isEqualTo(grant);
        assertThat(grant.key().split("\t", -1)).hasSize(6);
        assertThatThrownBy(() -> RbacGrant.parse("a\tb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(grant.nonResource()).isFalse();
        assertThat(new RbacGrant(SA, "ClusterRole/m", "", "/metrics", "get", "").nonResource()).isTrue();
    }

    @Test
    void duplicateGrantsFromTwoBindingsOfOneRoleCollapse() {
        RbacPolicy policy = Rbac.policy(
                Rbac.role("kube-system", "r", Rbac.rule(List.of(""), List.of("pods"), List.of("get"))),
                Rbac.roleBinding("kube-system", "b1", "Role", "r", Rbac.serviceAccount("kube-system", "kafkarpenter-launcher")),
                Rbac.roleBinding("kube-system", "b2", "Role", "r", Rbac.serviceAccount("kube-system", "kafkarpenter-launcher")));

        assertThat(policy.grants()).hasSize(1);
    }
}
