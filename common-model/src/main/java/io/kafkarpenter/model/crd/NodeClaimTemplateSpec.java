package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;

/** The NodeClaim spec of a NodePool template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeClaimTemplateSpec extends KubeValue {
    /** Taints applied to the nodes. */
    @JsonProperty("taints")
    @JsonPropertyDescription("Taints applied to the nodes.")
    private List<Taint> taints;

    /** Taints applied at start-up and expected to be removed by a DaemonSet; pods need not tolerate them. */
    @JsonProperty("startupTaints")
    @JsonPropertyDescription("Taints applied at start-up and expected to be removed by a DaemonSet; pods need not tolerate them.")
    private List<Taint> startupTaints;

    /** Node selector requirements (with optional minValues) every node of this NodePool satisfies. */
    @JsonProperty("requirements")
    @JsonPropertyDescription("Node selector requirements (with optional minValues) every node of this NodePool satisfies.")
    @Required
    @Size(max = 100)
    @ValidationRule(value = "self.all(x, x.key != \"karpenter.sh/nodepool\")", message = "label \"karpenter.sh/nodepool\" is restricted")
    private List<NodeSelectorRequirementWithMinValues> requirements;

    /** The provider node class (e.g. EC2NodeClass) the nodes are launched with. */
    @JsonProperty("nodeClassRef")
    @JsonPropertyDescription("The provider node class (e.g. EC2NodeClass) the nodes are launched with.")
    @Required
    @ValidationRule(value = "self.group == oldSelf.group", message = "nodeClassRef.group is immutable")
    @ValidationRule(value = "self.kind == oldSelf.kind", message = "nodeClassRef.kind is immutable")
    private NodeClassReference nodeClassRef;

    /** How long draining may take before pods are deleted forcefully (Go duration); unset waits forever. */
    @JsonProperty("terminationGracePeriod")
    @JsonPropertyDescription("How long draining may take before pods are deleted forcefully (Go duration); unset waits forever.")
    @Pattern("^([0-9]+(s|m|h))+$")
    private String terminationGracePeriod;

    /** Lifetime of a node from creation (Go duration or Never); default 720h. */
    @JsonProperty("expireAfter")
    @JsonPropertyDescription("Lifetime of a node from creation (Go duration or Never); default 720h.")
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

    /** Karpenter's default {@code expireAfter}. */
    public static final String DEFAULT_EXPIRE_AFTER = "720h";
}
