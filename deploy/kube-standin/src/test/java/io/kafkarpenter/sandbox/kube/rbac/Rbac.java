package io.kafkarpenter.sandbox.kube.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;

import java.util.List;

/** Builders for RBAC objects in tests. */
final class Rbac {

    static PolicyRule rule(List<String> groups, List<String> resources, List<String> verbs, String... names) {
        return new PolicyRuleBuilder().withApiGroups(groups).withResources(resources).withVerbs(verbs)
                .withResourceNames(names).build();
    }

    static PolicyRule nonResource(List<String> urls, List<String> verbs) {
        return new PolicyRuleBuilder().withNonResourceURLs(urls).withVerbs(verbs).build();
    }

    static Role role(String namespace, String name, PolicyRule... rules) {
        return new RoleBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withRules(rules).build();
    }

    static ClusterRole clusterRole(String name, PolicyRule... rules) {
        return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(rules).build();
    }

    static RoleBinding roleBinding(String namespace, String name, String roleKind, String roleName, Subject... subjects) {
        return new RoleBindingBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind(roleKind).withName(roleName)
                .endRoleRef().withSubjects(subjects).build();
    }

    static ClusterRoleBinding clusterRoleBinding(String name, String roleName, Subject... subjects) {
        return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(roleName)
                .endRoleRef().withSubjects(subjects).build();
    }

    static Subject serviceAccount(String namespace, String name) {
        return new SubjectBuilder().withKind("ServiceAccount").withNamespace(namespace).withName(name).build();
    }

    static Subject user(String name) {
        return new SubjectBuilder().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(name).build();
    }

    static Subject group(String name) {
        return new SubjectBuilder().withKind("Group").withApiGroup("rbac.authorization.k8s.io").withName(name).build();
    }

    static RbacPolicy policy(HasMetadata... objects) {
        return RbacPolicy.from(List.of(objects));
    }

    private Rbac() {
    }
}
