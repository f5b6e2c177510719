package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A node selector requirement with Karpenter's {@code minValues}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeSelectorRequirementWithMinValues extends KubeValue {
    /**
     * The label key the requirement applies to. Karpenter v1.14.1's rules, but {@code karpenter.k8s.aws/nitro-sandbox}
     * is allowed (as in Karpenter's next release): Kafkarpenter's instance types carry that label.
     */
    @JsonProperty("key")
    @JsonPropertyDescription("The label key the requirement applies to.")
    @Required
    @Size(max = 316)
    @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
    @ValidationRule(value = "self in [\"karpenter.sh/capacity-type\", \"karpenter.sh/nodepool\"] || !self.find(\"^([^/]+)\").endsWith(\"karpenter.sh\")",
            message = "label domain \"karpenter.sh\" is restricted")
    @ValidationRule(value = "self != \"kubernetes.io/hostname\"", message = "label \"kubernetes.io/hostname\" is restricted")
    @ValidationRule(value = "self in [\"karpenter.k8s.aws/instance-tenancy\", \"karpenter.k8s.aws/capacity-reservation-type\", "
            + "\"karpenter.k8s.aws/capacity-reservation-id\", "
            + "\"karpenter.k8s.aws/capacity-reservation-interruptible\", \"karpenter.k8s.aws/ec2nodeclass\", "
            + "\"karpenter.k8s.aws/instance-encryption-in-transit-supported\", \"karpenter.k8s.aws/nitro-sandbox\", "
            + "\"karpenter.k8s.aws/instance-category\", \"karpenter.k8s.aws/instance-hypervisor\", "
            + "\"karpenter.k8s.aws/instance-family\", \"karpenter.k8s.aws/instance-generation\", "
            + "\"karpenter.k8s.aws/instance-local-nvme\", \"karpenter.k8s.aws/instance-size\", "
            + "\"karpenter.k8s.aws/instance-cpu\", \"karpenter.k8s.aws/instance-cpu-manufacturer\", "
            + "\"karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz\", \"karpenter.k8s.aws/instance-memory\", "
            + "\"karpenter.k8s.aws/instance-ebs-bandwidth\", \"karpenter.k8s.aws/instance-network-bandwidth\", "
            + "\"karpenter.k8s.aws/instance-gpu-name\", \"karpenter.k8s.aws/instance-gpu-manufacturer\", "
            + "\"karpenter.k8s.aws/instance-gpu-count\", \"karpenter.k8s.aws/instance-gpu-memory\", "
            + "\"karpenter.k8s.aws/instance-accelerator-name\", "
            + "\"karpenter.k8s.aws/instance-accelerator-manufacturer\", "
            + "\"karpenter.k8s.aws/instance-accelerator-count\", \"karpenter.k8s.aws/instance-capability-flex\", "
            + "\"karpenter.k8s.aws/placement-group-id\", \"karpenter.k8s.aws/placement-group-partition\"] || !self.find(\"^([^/]+)\").endsWith(\"karpenter.k8s.aws\")",
            message = "label domain \"karpenter.k8s.aws\" is restricted")
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
