package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** {@code bin/kk demo --workload FILE}: what a user's file may hold (no API server is contacted). */
class WorkloadsFileTest {

    @Test
    void aListAsKubectlGetWritesItContributesItsDeploymentsAndAliasesAreResolved(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("workload.yaml");
        Files.writeString(file, """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: web}
              spec:
                replicas: 2
                selector: {matchLabels: &web {app: web}}
                template:
                  metadata: {labels: *web}
                  spec: {containers: [{name: c, image: pause}]}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: ignored}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: batch, namespace: jobs}
            spec:
              selector: {matchLabels: {app: batch}}
              template:
                metadata: {labels: {app: batch}}
                spec: {containers: [{name: c, image: pause}]}
            """);
        try (KubernetesClient kube = new KubernetesClientBuilder().build()) {
            var deployments = Workloads.fromFile(kube, file);

            assertThat(deployments).extracting(d -> d.getMetadata().getName()).containsExactly("web", "batch");
            assertThat(deployments).extracting(d -> d.getMetadata().getNamespace())
                .containsExactly(Sandbox.NAMESPACE, "jobs");
            Deployment web = deployments.get(0);
            assertThat(web.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "web");
        }
    }
}
