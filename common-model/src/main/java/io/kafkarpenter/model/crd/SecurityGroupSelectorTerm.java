package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Selects security groups by tags, ID or group name (fields ANDed). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class SecurityGroupSelectorTerm extends KubeValue {
    /** Tags the resource must have; the value * matches any value of the key. */
    @JsonProperty("tags")
    @JsonPropertyDescription("Tags the resource must have; the value * matches any value of the key.")
    @Size(max = 20)
    @ValidationRule(value = "self.all(k, k != '' && self[k] != '')", message = "empty tag keys or values aren't supported")
    private Map<String, String> tags;

    /** Security group ID; exclusive with the other fields. */
    @JsonProperty("id")
    @JsonPropertyDescription("Security group ID; exclusive with the other fields.")
    @Pattern("sg-[0-9a-z]+")
    private String id;

    /** Security group name (not the Name tag); exclusive with the other fields. */
    @JsonProperty("name")
    @JsonPropertyDescription("Security group name (not the Name tag); exclusive with the other fields.")
    private String name;

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

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
