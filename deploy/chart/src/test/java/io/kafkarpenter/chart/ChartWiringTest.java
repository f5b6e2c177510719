package io.kafkarpenter.chart;

import static io.kafkarpenter.chart.Charts.LEASES;
import static io.kafkarpenter.chart.Charts.SERVICES;
import static io.kafkarpenter.chart.Charts.container;
import static io.kafkarpenter.chart.Charts.deployment;
import static io.kafkarpenter.chart.Charts.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;

/** The chart with default values: the objects of each service and how they point at each other. */
class ChartWiringTest {

    private static RenderedChart chart;

    @BeforeAll
    static void render() {
        chart = Charts.render();
    }

    @Test
    void lintsCleanWithDefaults() {
        assertThat(Charts.lint()).doesNotContain("[ERROR]", "[WARNING]");
    }

    @Test
    void clusterNameIsRequired() {
        assertThatThrownBy(() -> HelmChart.template(Map.of()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("settings.clusterName is required");
        // helm lint renders in Helm's lint mode, where a missing `required` value is not an error (as for
        // Karpenter's chart): the chart lints without a cluster name, and only template/install refuse it
        assertThat(HelmChart.lint(Map.of("logLevel", "DEBUG"))).doesNotContain("[ERROR]");
    }

    @Test
    void rendersExactlyTheObjectsOfEachService() {
        for (Class<? extends HasMetadata> kind : List.of(Deployment.class, ServiceAccount.class, ClusterRole.class,
                ClusterRoleBinding.class, PodDisruptionBudget.class, Service.class)) {
            assertThat(chart.ofKind(kind)).as(kind.getSimpleName())
                .extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(Charts::name).toList());
        }
        List<String> leased = LEASES.keySet().stream().map(Charts::name).toList();
        assertThat(chart.ofKind(Role.class)).extracting(o -> o.getMetadata().getName())
            .containsExactlyInAnyOrderElementsOf(leased);
        assertThat(chart.ofKind(RoleBinding.class)).extracting(o -> o.getMetadata().getName())
            .containsExactlyInAnyOrderElementsOf(leased);
        assertThat(chart.ofKind(GenericKubernetesResource.class)).as("no ServiceMonitor, no KafkaTopic").isEmpty();
        assertThat(chart.rbac()).hasSize(5 + 5 + 5 + 4 + 4);
    }

    @Test
    void everyObjectCarriesTheServiceLabelsAndNamespacedOnesTheReleaseNamespace() {
        for (HasMetadata o : chart.objects()) {
            Map<String, String> labels = o.getMetadata().getLabels();
            assertThat(labels).as(o.getKind() + " " + o.getMetadata().getName())
                .containsEntry("app.kubernetes.io/name", "kafkarpenter")
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                .containsEntry("app.kubernetes.io/component", o.getMetadata().getName().substring("kafkarpenter-".length()));
            boolean clusterScoped = o instanceof ClusterRole || o instanceof ClusterRoleBinding;
            assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
                .isEqualTo(clusterScoped ? null : HelmChart.NAMESPACE);
        }
    }

    @Test
    void everyDeploymentRunsAsItsOwnServiceAccountWithItsBindings() {
        for (String service : SERVICES) {
            PodSpec pod = deployment(chart, service).getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo(name(service));
            chart.named(ServiceAccount.class, name(service));

            ClusterRoleBinding crb = chart.named(ClusterRoleBinding.class, name(service));
            assertThat(crb.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(crb.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
            chart.named(ClusterRole.class, crb.getRoleRef().getName());
            assertThat(crb.getSubjects()).singleElement().satisfies(s -> isServiceAccount(s, service));

            if (LEASES.containsKey(service)) {
                RoleBinding rb = chart.named(RoleBinding.class, name(service));
                assertThat(rb.getRoleRef().getKind()).isEqualTo("Role");
                Role role = chart.named(Role.class, rb.getRoleRef().getName());
                assertThat(role.getMetadata().getNamespace()).isEqualTo(rb.getMetadata().getNamespace());
                assertThat(rb.getSubjects()).singleElement().satisfies(s -> isServiceAccount(s, service));
            }
        }
    }

    private static void isServiceAccount(Subject subject, String service) {
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getName()).isEqualTo(name(service));
        assertThat(subject.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    }

    @Test
    void theLeaseRoleAllowsOnlyItsOwnLease() {
        for (Map.Entry<String, String> e : LEASES.entrySet()) {
            Role role = chart.named(Role.class, name(e.getKey()));
            assertThat(role.getRules()).allSatisfy(r -> {
                assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
                assertThat(r.getResources()).containsExactly("leases");
            });
            PolicyRule named = role.getRules().stream().filter(r -> !r.getResourceNames().isEmpty()).findFirst()
                .orElseThrow();
            assertThat(named.getResourceNames()).containsExactly(e.getValue());
            assertThat(named.getVerbs()).containsExactlyInAnyOrder("get", "patch");
            assertThat(role.getRules()).filteredOn(r -> r.getResourceNames().isEmpty()).singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).containsExactly("create"));
        }
    }

    @Test
    void probesAndMetricsAreQuarkusEndpointsOnTheHttpPort() {
        for (String service : SERVICES) {
            Container c = container(chart, service);
            assertThat(c.getName()).isEqualTo(service);
            assertThat(c.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(8080);
            });
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(deployment(chart, service).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", "8080");
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).containsKey("memory");
        }
    }

    @Test
    void podsAndServicesSelectTheirOwnDeploymentOnly() {
        for (String service : SERVICES) {
            Deployment d = deployment(chart, service);
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
            assertThat(d.getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", service);

            PodDisruptionBudget pdb = chart.named(PodDisruptionBudget.class, name(service));
            assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(d.getSpec().getSelector().getMatchLabels());

            Service svc = chart.named(Service.class, name(service));
            assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector());
            assertThat(svc.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", service);
            assertThat(svc.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        }
    }

    @Test
    void schedulingKeepsOffManagedNodesSpreadsOverZonesAndIsCritical() {
        for (String service : SERVICES) {
            PodSpec pod = deployment(chart, service).getSpec().getTemplate().getSpec();
            Map<String, String> own = deployment(chart, service).getSpec().getSelector().getMatchLabels();
            assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
            List<NodeSelectorRequirement> expressions = pod.getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
                .getMatchExpressions();
            assertThat(expressions).singleElement().satisfies(e -> {
                assertThat(e.getKey()).isEqualTo("karpenter.sh/nodepool");
                assertThat(e.getOperator()).isEqualTo("DoesNotExist");
            });
            assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(t -> assertThat(t.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                    .isEqualTo(own));
            TopologySpreadConstraint spread = pod.getTopologySpreadConstraints().get(0);
            assertThat(spread.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
            assertThat(spread.getMaxSkew()).isEqualTo(1);
            assertThat(spread.getLabelSelector().getMatchLabels()).isEqualTo(own);
            assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
            assertThat(pod.getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("CriticalAddonsOnly"));
        }
    }

    @Test
    void containersRunAsNonRootOnAReadOnlyRootWithoutCapabilities() {
        for (String service : SERVICES) {
            Container c = container(chart, service);
            assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            PodSpec pod = deployment(chart, service).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        }
    }

    @Test
    void imagesDefaultToTheAppVersionUnderOneRepositoryPrefix() {
        for (String service : SERVICES) {
            assertThat(container(chart, service).getImage())
                .isEqualTo("kafkarpenter/" + service + ":" + System.getProperty("kk.project.version"));
        }
    }
}
