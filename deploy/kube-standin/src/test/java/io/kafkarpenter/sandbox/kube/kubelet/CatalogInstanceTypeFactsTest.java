package io.kafkarpenter.sandbox.kube.kubelet;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogInstanceTypeFactsTest {

    @Test
    void usesTheCatalogAndTheEksFormulasTheProvisionerUses() {
        var facts = new CatalogInstanceTypeFacts("aws-small", type -> Optional.empty());

        NodeShape m5 = facts.shape("m5.large").orElseThrow();

        assertThat(m5.allocatable()).containsEntry("cpu", new Quantity("1930m"))
                .containsEntry("memory", new Quantity("6903Mi")).containsEntry("pods", new Quantity("29"));
        assertThat(m5.labels()).containsEntry("node.kubernetes.io/instance-type", "m5.large")
                .containsEntry("karpenter.k8s.aws/instance-family", "m5")
                .containsEntry("kubernetes.io/arch", "amd64");
        // the same numbers as the stand-in's own copy of the formulas (the catalog adds extended resources: pod ENIs)
        assertThat(m5.allocatable()).containsAllEntriesOf(Al2023NodeResources.compute(2, 8192, false, 29).allocatable())
                .containsEntry("vpc.amazonaws.com/pod-eni", new Quantity("9"));
    }

    @Test
    void asksTheFallbackForTypesTheCatalogLacks() {
        NodeShape made = new NodeShape(java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
        var facts = new CatalogInstanceTypeFacts("aws-small", type -> type.equals("x9.weird") ? Optional.of(made) : Optional.empty());

        assertThat(facts.shape("x9.weird")).containsSame(made);
    }
}
