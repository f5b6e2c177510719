package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * Spec of a {@code karpenter.sh/v1} NodePool: the template of the NodeClaims it launches, how they are disrupted, its
 * limits and weight; or, for a static NodePool, a fixed number of {@code replicas}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "has(self.replicas) == has(oldSelf.replicas)",
        message = "Cannot transition NodePool between static (replicas set) and dynamic (replicas unset) provisioning modes")
@ValidationRule(value = "!has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || (size(self.limits) == 1 && 'nodes' in self.limits))",
        message = "only 'limits.nodes' is supported on static NodePools")
@ValidationRule(value = "!has(self.replicas) || !has(self.weight)", message = "'weight' is not supported on static NodePools")
public class NodePoolSpec extends KubeValue {
    /** Template of the NodeClaims this NodePool launches. */
    @JsonProperty("template")
    @JsonPropertyDescription("Template of the NodeClaims this NodePool launches.")
    @Required
    private NodeClaimTemplate template;

    /** Disruption parameters: consolidation policy, consolidateAfter and budgets. */
    @JsonProperty("disruption")
    @JsonPropertyDescription("Disruption parameters: consolidation policy, consolidateAfter and budgets.")
    @Default("{\"consolidateAfter\": \"0s\"}")
    private Disruption disruption;

    /** Upper bounds of the resources (cpu, memory, nodes, ...) this NodePool may provision in total. */
    @JsonProperty("limits")
    @JsonPropertyDescription("Upper bounds of the resources (cpu, memory, nodes, ...) this NodePool may provision in total.")
    private Map<String, Quantity> limits;

    /** Priority among NodePools (higher first); unset counts as 0. */
    @JsonProperty("weight")
    @JsonPropertyDescription("Priority among NodePools (higher first); unset counts as 0.")
    @Min(1)
    @Max(100)
    private Integer weight;

    /**
     * Static NodePool (Karpenter alpha): the fixed number of nodes to keep, instead of scaling with pending pods; the
     * scale subresource's {@code spec.replicas}. Kafkarpenter keeps the field but does not act on it yet.
     */
    @JsonProperty("replicas")
    @JsonPropertyDescription("Static NodePool (alpha): the fixed number of nodes to keep instead of scaling with pending pods. Kafkarpenter keeps the field but does not act on it yet.")
    @Min(0)
    @SpecReplicas
    private Long replicas;

    public NodeClaimTemplate getTemplate() {
        return template;
    }

    public void setTemplate(NodeClaimTemplate template) {
        this.template = template;
    }

    public Disruption getDisruption() {
        return disruption;
    }

    public void setDisruption(Disruption disruption) {
        this.disruption = disruption;
    }

    public Map<String, Quantity> getLimits() {
        return limits;
    }

    public void setLimits(Map<String, Quantity> limits) {
        this.limits = limits;
    }

    public Integer getWeight() {
        return weight;
    }

    public void setWeight(Integer weight) {
        this.weight = weight;
    }

    public Long getReplicas() {
        return replicas;
    }

    public void setReplicas(Long replicas) {
        this.replicas = replicas;
    }
}
