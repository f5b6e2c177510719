package io.kafkarpenter.chart;

import static io.kafkarpenter.chart.Charts.LEASES;
import static io.kafkarpenter.chart.Charts.SERVICES;
import static io.kafkarpenter.chart.Charts.container;
import static io.kafkarpenter.chart.Charts.deployment;
import static io.kafkarpenter.chart.Charts.env;
import static io.kafkarpenter.chart.Charts.envValue;
import static io.kafkarpenter.chart.Charts.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;

/** Values reaching the right service's environment (Contract 3) and the per-service options. */
class ChartSettingsTest {

    /** Asserts that variable {@code name} is {@code value} on exactly these services and absent on the others. */
    private static void onlyOn(RenderedChart chart, String name, String value, String... services) {
        List<String> on = List.of(services);
        for (String service : SERVICES) {
            assertThat(envValue(chart, service, name)).as(name + " on " + service)
                .isEqualTo(on.contains(service) ? value : null);
        }
    }

    @Test
    void clusterSettingsReachTheLauncherAndTheTagReconciler() {
        RenderedChart chart = Charts.render("settings.clusterName=prod-eu",
            "settings.clusterEndpoint=https://ABC.gr7.eu-west-1.eks.amazonaws.com");
        onlyOn(chart, "KK_LAUNCHER_CLUSTER_NAME", "prod-eu", "launcher");
        onlyOn(chart, "KK_TAG_RECONCILER_CLUSTER_NAME", "prod-eu", "tag-reconciler");
        onlyOn(chart, "KK_LAUNCHER_CLUSTER_ENDPOINT", "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "launcher");
        assertThat(Charts.lint("settings.clusterName=prod-eu")).doesNotContain("[ERROR]");
    }

    @Test
    void unsetOptionalSettingsAreNotPassed() {
        RenderedChart chart = Charts.render();
        onlyOn(chart, "KK_LAUNCHER_CLUSTER_ENDPOINT", null);
        onlyOn(chart, "AWS_REGION", null);
        onlyOn(chart, "KK_LAUNCHER_INTERRUPTION_QUEUE", null);
        onlyOn(chart, "KAFKA_BOOTSTRAP_SERVERS", null);
    }

    @Test
    void regionAndBootstrapServersReachEveryService() {
        RenderedChart chart = Charts.render("settings.region=eu-west-1",
            "kafka.bootstrapServers=b-1.msk:9098,b-2.msk:9098");
        onlyOn(chart, "AWS_REGION", "eu-west-1", SERVICES.toArray(String[]::new));
        onlyOn(chart, "KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9098,b-2.msk:9098", SERVICES.toArray(String[]::new));
    }

    @Test
    void batchWindowReachesTheProvisioner() {
        RenderedChart defaults = Charts.render();
        onlyOn(defaults, "KK_PROVISIONER_BATCH_IDLE_DURATION", "1s", "provisioner");
        onlyOn(defaults, "KK_PROVISIONER_BATCH_MAX_DURATION", "10s", "provisioner");
        RenderedChart chart = Charts.render("settings.batchIdleDuration=2s", "settings.batchMaxDuration=30s");
        onlyOn(chart, "KK_PROVISIONER_BATCH_IDLE_DURATION", "2s", "provisioner");
        onlyOn(chart, "KK_PROVISIONER_BATCH_MAX_DURATION", "30s", "provisioner");
    }

    @Test
    void consolidationSettingsReachTheConsolidator() {
        onlyOn(Charts.render(), "KK_CONSOLIDATOR_SPOT_TO_SPOT_CONSOLIDATION", "false", "consolidator");
        RenderedChart chart = Charts.render("settings.featureGates.spotToSpotConsolidation=true");
        onlyOn(chart, "KK_CONSOLIDATOR_SPOT_TO_SPOT_CONSOLIDATION", "true", "consolidator");
    }

    @Test
    void interruptionQueueReachesOnlyTheLauncher() {
        RenderedChart chart = Charts.render("settings.interruptionQueue=prod-eu");
        onlyOn(chart, "KK_LAUNCHER_INTERRUPTION_QUEUE", "prod-eu", "launcher");
        onlyOn(chart, "KK_LAUNCHER_INTERRUPTION_LEADER_ELECTION_LEASE_NAMESPACE", HelmChart.NAMESPACE, "launcher");
        for (String service : SERVICES) {
            assertThat(env(chart, service).keySet()).as(service + ": the old, unread variable is gone")
                .doesNotContain("KK_INTERRUPTION_QUEUE");
        }
        assertThat(Charts.lint("settings.interruptionQueue=prod-eu")).doesNotContain("[ERROR]");
    }

    @Test
    void leaseHoldersLookForTheirLeaseInTheReleaseNamespace() {
        RenderedChart chart = Charts.render();
        onlyOn(chart, "KK_POD_WATCHER_LEADER_ELECTION_LEASE_NAMESPACE", HelmChart.NAMESPACE, "pod-watcher");
        onlyOn(chart, "KK_LAUNCHER_INTERRUPTION_LEADER_ELECTION_LEASE_NAMESPACE", HelmChart.NAMESPACE, "launcher");
        onlyOn(chart, "KK_CONSOLIDATOR_LEADER_ELECTION_LEASE_NAMESPACE", HelmChart.NAMESPACE, "consolidator");
        onlyOn(chart, "KK_TAG_RECONCILER_LEADER_ELECTION_LEASE_NAMESPACE", HelmChart.NAMESPACE, "tag-reconciler");
        assertThat(LEASES).hasSize(4);
    }

    @Test
    void logsAreJsonByDefaultAtTheGivenLevel() {
        RenderedChart defaults = Charts.render();
        String[] all = SERVICES.toArray(String[]::new);
        onlyOn(defaults, "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true", all);
        onlyOn(defaults, "QUARKUS_LOG_LEVEL", "INFO", all);
        RenderedChart chart = Charts.render("logging.json=false", "logLevel=DEBUG");
        onlyOn(chart, "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false", all);
        onlyOn(chart, "QUARKUS_LOG_LEVEL", "DEBUG", all);
    }

    @Test
    void jvmOptionsSizeTheHeapByTheContainerAndUseTheSerialCollector() {
        RenderedChart chart = Charts.render("jvm.maxRAMPercentage=60");
        for (String service : SERVICES) {
            assertThat(envValue(chart, service, "JAVA_OPTS_APPEND")).startsWith("-Djava.util.logging.manager=org.jboss.logmanager.LogManager -XX:MaxRAMPercentage=60 ")
                .contains("-XX:MaxNewSize=").doesNotContain("-Xmx").doesNotContain("UseSerialGC");
            assertThat(envValue(chart, service, "GC_CONTAINER_OPTIONS")).isEqualTo("-XX:+UseSerialGC");
            assertThat(envValue(chart, service, "MALLOC_ARENA_MAX")).isEqualTo("2");
        }
    }

    @Test
    void replicasResourcesAndExtraEnvArePerService() {
        RenderedChart chart = Charts.render("provisioner.replicas=4", "consolidator.replicas=1",
            "launcher.resources.limits.memory=768Mi", "tagReconciler.env[0].name=KK_TAG_RECONCILER_DRY_RUN",
            "tagReconciler.env[0].value=true");
        assertThat(deployment(chart, "provisioner").getSpec().getReplicas()).isEqualTo(4);
        assertThat(deployment(chart, "consolidator").getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment(chart, "launcher").getSpec().getReplicas()).isEqualTo(2);
        assertThat(container(chart, "launcher").getResources().getLimits().get("memory").toString()).isEqualTo("768Mi");
        assertThat(container(chart, "provisioner").getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        onlyOn(chart, "KK_TAG_RECONCILER_DRY_RUN", "true", "tag-reconciler");
    }

    @Test
    void serviceAccountAnnotationsArePerServiceForIrsa() {
        String arn = "arn:aws:iam::123456789012:role/KafkarpenterLauncher";
        RenderedChart chart = Charts.render("launcher.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=" + arn);
        assertThat(chart.named(ServiceAccount.class, name("launcher")).getMetadata().getAnnotations())
            .containsExactly(Map.entry("eks.amazonaws.com/role-arn", arn));
        for (String other : List.of("pod-watcher", "provisioner", "consolidator", "tag-reconciler")) {
            assertThat(chart.named(ServiceAccount.class, name(other)).getMetadata().getAnnotations()).isNullOrEmpty();
        }
        assertThat(Charts.lint("launcher.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=" + arn))
            .doesNotContain("[ERROR]");
    }

    @Test
    void imageRegistryTagAndPullSecrets() {
        RenderedChart chart = Charts.render("image.registry=123456789012.dkr.ecr.eu-west-1.amazonaws.com",
            "image.tag=0.2.0", "image.pullPolicy=Always", "imagePullSecrets[0].name=ecr");
        for (String service : SERVICES) {
            assertThat(container(chart, service).getImage())
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/kafkarpenter/" + service + ":0.2.0");
            assertThat(container(chart, service).getImagePullPolicy()).isEqualTo("Always");
            assertThat(deployment(chart, service).getSpec().getTemplate().getSpec().getImagePullSecrets())
                .singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("ecr"));
        }
    }

    @Test
    void serviceMonitorsScrapeEachServiceWhenEnabled() {
        RenderedChart chart = Charts.render("serviceMonitor.enabled=true", "serviceMonitor.additionalLabels.release=prom",
            "serviceMonitor.interval=30s");
        List<GenericKubernetesResource> monitors = Charts.generic(chart, "ServiceMonitor");
        assertThat(monitors).extracting(m -> m.getMetadata().getName())
            .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(Charts::name).toList());
        for (GenericKubernetesResource monitor : monitors) {
            assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prom");
            Service service = chart.named(Service.class, monitor.getMetadata().getName());
            Map<String, Object> spec = Charts.spec(monitor);
            assertThat(spec.get("selector")).isEqualTo(Map.of("matchLabels", service.getSpec().getSelector()));
            assertThat(spec.get("endpoints")).isEqualTo(List.of(Map.of("port", "http", "path", "/q/metrics",
                "interval", "30s")));
        }
        assertThat(Charts.lint("serviceMonitor.enabled=true")).doesNotContain("[ERROR]");
    }

    @Test
    void everyServiceGetsItsOwnEnvOnce() {
        RenderedChart chart = Charts.render("settings.region=us-west-2", "kafka.bootstrapServers=k:9092",
            "settings.clusterEndpoint=https://x", "settings.interruptionQueue=q");
        for (String service : SERVICES) {
            env(chart, service); // fails on a variable set twice
            assertThat(env(chart, service).keySet()).allSatisfy(k -> {
                if (k.startsWith("KK_")) {
                    assertThat(k).startsWith("KK_" + service.toUpperCase().replace('-', '_') + "_");
                }
            });
        }
    }
}
