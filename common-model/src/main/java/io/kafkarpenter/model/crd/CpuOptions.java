package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** CPU options of the instances. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CpuOptions extends KubeValue {
    /** enabled or disabled; enabled keeps only instance types that support nested virtualization. */
    @JsonProperty("nestedVirtualization")
    @JsonPropertyDescription("enabled or disabled; enabled keeps only instance types that support nested virtualization.")
    @ValidationRule(value = "self in ['enabled', 'disabled']", message = "nestedVirtualization must be enabled or disabled")
    private String nestedVirtualization;

    public String getNestedVirtualization() {
        return nestedVirtualization;
    }

    public void setNestedVirtualization(String nestedVirtualization) {
        this.nestedVirtualization = nestedVirtualization;
    }
}
