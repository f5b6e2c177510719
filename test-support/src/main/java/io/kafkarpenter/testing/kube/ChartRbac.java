package io.kafkarpenter.testing.kube;

import java.util.Map;

import io.kafkarpenter.chart.HelmChart;
import io.kafkarpenter.sandbox.kube.rbac.RbacPolicy;
import io.kafkarpenter.sandbox.kube.rbac.StandinTokens;

/** The RBAC of the chart as installed ({@code helm template} of deploy/helm/kafkarpenter), rendered once per JVM. */
public final class ChartRbac {

    /** The cluster name the tests render the chart with ({@code settings.clusterName} is required). */
    public static final String CLUSTER_NAME = "kafkarpenter";

    private static RbacPolicy policy;

    private ChartRbac() {
    }

    /** The Roles, ClusterRoles and their bindings of the chart with default values. */
    public static synchronized RbacPolicy policy() {
        if (policy == null) {
            policy = RbacPolicy.from(HelmChart.template(Map.of("settings.clusterName", CLUSTER_NAME)).rbac());
        }
        return policy;
    }

    /** The bearer token of {@code service}'s ServiceAccount as the chart names it ({@code kube-system/kafkarpenter-<service>}). */
    public static String token(String service) {
        return StandinTokens.serviceAccount(HelmChart.NAMESPACE, serviceAccount(service));
    }

    /** The chart's ServiceAccount of {@code service}. */
    public static String serviceAccount(String service) {
        return HelmChart.RELEASE + "-" + service;
    }
}
