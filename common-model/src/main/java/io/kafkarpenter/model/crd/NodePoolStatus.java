package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;
import java.util.Map;

/** Observed state of a NodePool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodePoolStatus extends KubeValue {
    /** Resources provisioned by this NodePool (sum of its nodes' capacity). */
    @JsonProperty("resources")
    @JsonPropertyDescription("Resources provisioned by this NodePool (sum of its nodes' capacity).")
    private Map<String, Quantity> resources;

    /** Number of nodes of this NodePool. */
    @JsonProperty("nodes")
    @JsonPropertyDescription("Number of nodes of this NodePool.")
    @Default("0")
    @StatusReplicas
    private Long nodes;

    /** Generation of the referenced node class last observed. */
    @JsonProperty("nodeClassObservedGeneration")
    @JsonPropertyDescription("Generation of the referenced node class last observed.")
    private Long nodeClassObservedGeneration;

    /** Conditions: ValidationSucceeded, NodeClassReady, NodeRegistrationHealthy, Ready. */
    @JsonProperty("conditions")
    @JsonPropertyDescription("Conditions: ValidationSucceeded, NodeClassReady, NodeRegistrationHealthy, Ready.")
    private List<Condition> conditions;

    public Map<String, Quantity> getResources() {
        return resources;
    }

    public void setResources(Map<String, Quantity> resources) {
        this.resources = resources;
    }

    public Long getNodes() {
        return nodes;
    }

    public void setNodes(Long nodes) {
        this.nodes = nodes;
    }

    public Long getNodeClassObservedGeneration() {
        return nodeClassObservedGeneration;
    }

    public void setNodeClassObservedGeneration(Long nodeClassObservedGeneration) {
        this.nodeClassObservedGeneration = nodeClassObservedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
