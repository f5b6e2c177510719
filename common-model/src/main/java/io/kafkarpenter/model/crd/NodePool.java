package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Karpenter {@code karpenter.sh/v1} NodePool (cluster-scoped): constraints and limits for the nodes Karpenter launches, and how they are disrupted. */
@Group(KarpenterApi.CORE_GROUP)
@Version(KarpenterApi.VERSION)
@Kind(KarpenterApi.NODE_POOL_KIND)
@Plural("nodepools")
@Singular("nodepool")
@Categories("karpenter")
@AdditionalPrinterColumn(name = "NodeClass", type = Type.STRING, jsonPath = ".spec.template.spec.nodeClassRef.name")
@AdditionalPrinterColumn(name = "Nodes", type = Type.STRING, jsonPath = ".status.nodes")
@AdditionalPrinterColumn(name = "Ready", type = Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
@AdditionalPrinterColumn(name = "Weight", type = Type.INTEGER, jsonPath = ".spec.weight", priority = 1)
@AdditionalPrinterColumn(name = "CPU", type = Type.STRING, jsonPath = ".status.resources.cpu", priority = 1)
@AdditionalPrinterColumn(name = "Memory", type = Type.STRING, jsonPath = ".status.resources.memory", priority = 1)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodePool extends CustomResource<NodePoolSpec, NodePoolStatus> {

    public NodePool() {
    }

    /** A NodePool with the given name and spec. */
    public NodePool(String name, NodePoolSpec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}
