package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
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
