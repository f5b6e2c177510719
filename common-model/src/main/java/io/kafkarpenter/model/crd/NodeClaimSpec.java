package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;

/** Spec of a {@code karpenter.sh/v1} NodeClaim (immutable once created). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeClaimSpec extends KubeValue {
    /** Taints applied to the node. */
    @JsonProperty("taints")
    @JsonPropertyDescription("Taints applied to the node.")
    private List<Taint> taints;

    /** Start-up taints, expected to be removed by a DaemonSet. */
    @JsonProperty("startupTaints")
    @JsonPropertyDescription("Start-up taints, expected to be removed by a DaemonSet.")
    private List<Taint> startupTaints;

    /** Requirements the launched instance satisfies. */
    @JsonProperty("requirements")
    @JsonPropertyDescription("Requirements the launched instance satisfies.")
    @Required
    @Size(max = 100)
    private List<NodeSelectorRequirementWithMinValues> requirements;

    /** Resources the NodeClaim must offer. */
    @JsonProperty("resources")
    @JsonPropertyDescription("Resources the NodeClaim must offer.")
    private NodeClaimResources resources;

    /** The provider node class the node is launched with. */
    @JsonProperty("nodeClassRef")
    @JsonPropertyDescription("The provider node class the node is launched with.")
    @Required
    private NodeClassReference nodeClassRef;

    /** Maximum drain time before pods are deleted forcefully (Go duration). */
    @JsonProperty("terminationGracePeriod")
    @JsonPropertyDescription("Maximum drain time before pods are deleted forcefully (Go duration).")
    @Pattern("^([0-9]+(s|m|h))+$")
    private String terminationGracePeriod;

    /** Lifetime of the node from creation (Go duration or Never). */
    @JsonProperty("expireAfter")
    @JsonPropertyDescription("Lifetime of the node from creation (Go duration or Never).")
    @Pattern("^(([0-9]+(s|m|h))+|Never)$")
    @Default("720h")
    private String expireAfter;

    public List<Taint> getTaints() {
        return taints;
    }

    public void setTaints(List<Taint> taints) {
        this.taints = taints;
    }

    public List<Taint> getStartupTaints() {
        return startupTaints;
    }

    public void setStartupTaints(List<Taint> startupTaints) {
        this.startupTaints = startupTaints;
    }

    public List<NodeSelectorRequirementWithMinValues> getRequirements() {
        return requirements;
    }

    public void setRequirements(List<NodeSelectorRequirementWithMinValues> requirements) {
        this.requirements = requirements;
    }

    public NodeClaimResources getResources() {
        return resources;
    }

    public void setResources(NodeClaimResources resources) {
        this.resources = resources;
    }

    public NodeClassReference getNodeClassRef() {
        return nodeClassRef;
    }

    public void setNodeClassRef(NodeClassReference nodeClassRef) {
        this.nodeClassRef = nodeClassRef;
    }

    public String getTerminationGracePeriod() {
        return terminationGracePeriod;
    }

    public void setTerminationGracePeriod(String terminationGracePeriod) {
        this.terminationGracePeriod = terminationGracePeriod;
    }

    public String getExpireAfter() {
        return expireAfter;
    }

    public void setExpireAfter(String expireAfter) {
        this.expireAfter = expireAfter;
    }
}
