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

/** A Karpenter {@code karpenter.sh/v1} NodeClaim (cluster-scoped): one requested node, launched from a NodePool's template. */
@Group(KarpenterApi.CORE_GROUP)
@Version(KarpenterApi.VERSION)
@Kind(KarpenterApi.NODE_CLAIM_KIND)
@Plural("nodeclaims")
@Singular("nodeclaim")
@Categories("karpenter")
@AdditionalPrinterColumn(name = "Type", type = Type.STRING, jsonPath = ".metadata.labels.node\\.kubernetes\\.io/instance-type")
@AdditionalPrinterColumn(name = "Capacity", type = Type.STRING, jsonPath = ".metadata.labels.karpenter\\.sh/capacity-type")
@AdditionalPrinterColumn(name = "Zone", type = Type.STRING, jsonPath = ".metadata.labels.topology\\.kubernetes\\.io/zone")
@AdditionalPrinterColumn(name = "Node", type = Type.STRING, jsonPath = ".status.nodeName")
@AdditionalPrinterColumn(name = "Ready", type = Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
@AdditionalPrinterColumn(name = "ImageID", type = Type.STRING, jsonPath = ".status.imageID", priority = 1)
@AdditionalPrinterColumn(name = "ID", type = Type.STRING, jsonPath = ".status.providerID", priority = 1)
@AdditionalPrinterColumn(name = "NodePool", type = Type.STRING, jsonPath = ".metadata.labels.karpenter\\.sh/nodepool", priority = 1)
@AdditionalPrinterColumn(name = "NodeClass", type = Type.STRING, jsonPath = ".spec.nodeClassRef.name", priority = 1)
@AdditionalPrinterColumn(name = "Drifted", type = Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Drifted\")].status", priority = 1)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeClaim extends CustomResource<NodeClaimSpec, NodeClaimStatus> {

    public NodeClaim() {
    }

    /** A NodeClaim with the given name and spec. */
    public NodeClaim(String name, NodeClaimSpec spec) {
        setMetadata(new ObjectMetaBuilder().withName(name).build());
        setSpec(spec);
    }
}
