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
import java.util.List;

/** How Karpenter may disrupt the nodes of a NodePool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Disruption extends KubeValue {
    /** Which nodes consolidation may remove: WhenEmpty, WhenEmptyOrUnderutilized (default) or Balanced (consolidated like WhenEmptyOrUnderutilized). */
    @JsonProperty("consolidationPolicy")
    @JsonPropertyDescription("Which nodes consolidation may remove: WhenEmpty, WhenEmptyOrUnderutilized (default) or Balanced (consolidated like WhenEmptyOrUnderutilized).")
    @Default("WhenEmptyOrUnderutilized")
    @ValidationRule(value = "self in ['WhenEmpty', 'WhenEmptyOrUnderutilized', 'Balanced']", message = "consolidationPolicy must be WhenEmpty, WhenEmptyOrUnderutilized or Balanced")
    private String consolidationPolicy;

    /** How long a node must have seen no pod event before it can be consolidated (Go duration such as 30s, or Never). */
    @JsonProperty("consolidateAfter")
    @JsonPropertyDescription("How long a node must have seen no pod event before it can be consolidated (Go duration such as 30s, or Never).")
    @Pattern("^(([0-9]+(s|m|h))+|Never)$")
    @Required
    private String consolidateAfter;

    /** Disruption budgets; the most restrictive active one wins. Unset means one budget of 10%. */
    @JsonProperty("budgets")
    @JsonPropertyDescription("Disruption budgets; the most restrictive active one wins. Unset means one budget of 10%.")
    @ValidationRule(value = "self.all(x, has(x.schedule) == has(x.duration))", message = "'schedule' must be set with 'duration'")
    @Size(max = 50)
    @Default("[{\"nodes\": \"10%\"}]")
    private List<Budget> budgets;

    public String getConsolidationPolicy() {
        return consolidationPolicy;
    }

    public void setConsolidationPolicy(String consolidationPolicy) {
        this.consolidationPolicy = consolidationPolicy;
    }

    public String getConsolidateAfter() {
        return consolidateAfter;
    }

    public void setConsolidateAfter(String consolidateAfter) {
        this.consolidateAfter = consolidateAfter;
    }

    public List<Budget> getBudgets() {
        return budgets;
    }

    public void setBudgets(List<Budget> budgets) {
        this.budgets = budgets;
    }

    /** Karpenter's default budget list: one budget of {@code 10%} of the nodes, always active. */
    public static final String DEFAULT_BUDGET_NODES = "10%";
    /** Karpenter's default consolidation policy. */
    public static final String DEFAULT_CONSOLIDATION_POLICY = "WhenEmptyOrUnderutilized";
    /** Karpenter's default {@code consolidateAfter}: an absent disruption block defaults to it (inside one it is required). */
    public static final String DEFAULT_CONSOLIDATE_AFTER = "0s";
}
