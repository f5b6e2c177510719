package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The NodeClaim template of a NodePool: labels/annotations and the NodeClaim spec minus resource requests. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeClaimTemplate extends KubeValue {
    /** Labels and annotations every NodeClaim (and its node) of this NodePool gets. */
    @JsonProperty("metadata")
    @JsonPropertyDescription("Labels and annotations every NodeClaim (and its node) of this NodePool gets.")
    private TemplateMetadata metadata;

    /** Spec every NodeClaim of this NodePool starts from. */
    @JsonProperty("spec")
    @JsonPropertyDescription("Spec every NodeClaim of this NodePool starts from.")
    @Required
    private NodeClaimTemplateSpec spec;

    public TemplateMetadata getMetadata() {
        return metadata;
    }

    public void setMetadata(TemplateMetadata metadata) {
        this.metadata = metadata;
    }

    public NodeClaimTemplateSpec getSpec() {
        return spec;
    }

    public void setSpec(NodeClaimTemplateSpec spec) {
        this.spec = spec;
    }
}
