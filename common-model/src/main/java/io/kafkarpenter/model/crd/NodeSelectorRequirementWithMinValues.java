package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A node selector requirement with Karpenter's {@code minValues}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeSelectorRequirementWithMinValues extends KubeValue {
    /** The label key the requirement applies to. */
    @JsonProperty("key")
    @JsonPropertyDescription("The label key the requirement applies to.")
    @Required
    @Size(max = 316)
    private String key;

    /** In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte or Lte. */
    @JsonProperty("operator")
    @JsonPropertyDescription("In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte or Lte.")
    @Required
    @ValidationRule(value = "self in ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt', 'Gte', 'Lte']", message = "operator must be In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte or Lte")
    private String operator;

    /** Values: non-empty for In, empty for Exists/DoesNotExist, a single integer for Gt/Lt/Gte/Lte. */
    @JsonProperty("values")
    @JsonPropertyDescription("Values: non-empty for In, empty for Exists/DoesNotExist, a single integer for Gt/Lt/Gte/Lte.")
    private List<String> values;

    /** Minimum number of distinct values of this key the launch must stay flexible over. */
    @JsonProperty("minValues")
    @JsonPropertyDescription("Minimum number of distinct values of this key the launch must stay flexible over.")
    @Min(1)
    @Max(50)
    private Integer minValues;

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getOperator() {
        return operator;
    }

    public void setOperator(String operator) {
        this.operator = operator;
    }

    public List<String> getValues() {
        return values;
    }

    public void setValues(List<String> values) {
        this.values = values;
    }

    public Integer getMinValues() {
        return minValues;
    }

    public void setMinValues(Integer minValues) {
        this.minValues = minValues;
    }

    public NodeSelectorRequirementWithMinValues() {
    }

    public NodeSelectorRequirementWithMinValues(String key, String operator, List<String> values, Integer minValues) {
        this.key = key;
        this.operator = operator;
        this.values = values;
        this.minValues = minValues;
    }
}
