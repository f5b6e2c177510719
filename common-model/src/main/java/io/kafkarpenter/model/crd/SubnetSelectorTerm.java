package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Selects subnets by tags or by ID (fields ANDed). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class SubnetSelectorTerm extends KubeValue {
    /** Tags the resource must have; the value * matches any value of the key. */
    @JsonProperty("tags")
    @JsonPropertyDescription("Tags the resource must have; the value * matches any value of the key.")
    @Size(max = 20)
    @ValidationRule(value = "self.all(k, k != '' && self[k] != '')", message = "empty tag keys or values aren't supported")
    private Map<String, String> tags;

    /** Subnet ID; exclusive with tags. */
    @JsonProperty("id")
    @JsonPropertyDescription("Subnet ID; exclusive with tags.")
    @Pattern("subnet-[0-9a-z]+")
    private String id;

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public SubnetSelectorTerm() {
    }

    public SubnetSelectorTerm(java.util.Map<String, String> tags, String id) {
        this.tags = tags;
        this.id = id;
    }
}
