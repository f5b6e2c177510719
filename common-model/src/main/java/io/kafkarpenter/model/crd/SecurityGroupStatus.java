package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A security group an EC2NodeClass resolved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class SecurityGroupStatus extends KubeValue {
    /** Security group ID. */
    @JsonProperty("id")
    @JsonPropertyDescription("Security group ID.")
    @Required
    private String id;

    /** Security group name. */
    @JsonProperty("name")
    @JsonPropertyDescription("Security group name.")
    private String name;

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

    public SecurityGroupStatus() {
    }

    public SecurityGroupStatus(String id, String name) {
        this.id = id;
        this.name = name;
    }
}
