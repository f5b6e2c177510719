package io.kafkarpenter.chart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Rendering helpers of the chart tests: values as {@code key=value} strings, typed look-ups. */
final class Charts {

    static final String CLUSTER = "kk-test";
    static final List<String> SERVICES = List.of("pod-watcher", "provisioner", "launcher", "consolidator",
        "tag-reconciler");
    /** Who has a Kafka user: the services and the web viewer (deploy/viewer, not deployed by the chart). */
    static final List<String> KAFKA_USERS = List.of("pod-watcher", "provisioner", "launcher", "consolidator",
        "tag-reconciler", "viewer");
    /**
     * The services electing a leader (a Lease each): the pod-watcher, consolidator and tag-reconciler are active on
     * one replica at a time; the launcher elects the one replica reading the interruption queue.
     */
    static final Map<String, String> LEASES = Map.of("pod-watcher", "kk-pod-watcher",
        "launcher", "kk-launcher-interruption", "consolidator", "kk-consolidator", "tag-reconciler", "kk-tag-reconciler");

    private Charts() {
    }

    /** {@code key=value} pairs; settings.clusterName is added unless given. */
    static Map<String, String> values(String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("settings.clusterName", CLUSTER);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return values;
    }

    static RenderedChart render(String... pairs) {
        return HelmChart.template(values(pairs));
    }

    static String lint(String... pairs) {
        return HelmChart.lint(values(pairs));
    }

    static String name(String service) {
        return HelmChart.RELEASE + "-" + service;
    }

    static Deployment deployment(RenderedChart chart, String service) {
        return chart.named(Deployment.class, name(service));
    }

    static Container container(RenderedChart chart, String service) {
        List<Container> containers = deployment(chart, service).getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(service + " has " + containers.size() + " containers");
        }
        return containers.get(0);
    }

    /** The container's env by name (in order). */
    static Map<String, EnvVar> env(RenderedChart chart, String service) {
        return container(chart, service).getEnv().stream()
            .collect(Collectors.toMap(EnvVar::getName, Function.identity(), (a, b) -> {
                throw new AssertionError("env " + a.getName() + " twice in " + service);
            }, LinkedHashMap::new));
    }

    /** A literal env value, null when the variable is absent. */
    static String envValue(RenderedChart chart, String service, String name) {
        EnvVar v = env(chart, service).get(name);
        return v == null ? null : v.getValue();
    }

    static List<GenericKubernetesResource> generic(RenderedChart chart, String kind) {
        return chart.ofKind(GenericKubernetesResource.class).stream().filter(g -> kind.equals(g.getKind())).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
