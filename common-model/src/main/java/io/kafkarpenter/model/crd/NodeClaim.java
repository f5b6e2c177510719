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

/** A Karpenter {@code karpenter.sh/v1} NodeClaim (cluster-scoped): one requested node, launched from a NodePool's template. */
@Group(KarpenterApi.CORE_GROUP)
@Version(KarpenterApi.VERSION)
@Kind(KarpenterApi.NODE_CLAIM_KIND)
@Plural("nodeclaims")
@Singular("nodeclaim")
@Categories("karpenter")
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
