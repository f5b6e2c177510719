package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.List;

/** An AMI an EC2NodeClass resolved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AmiStatus extends KubeValue {
    /** AMI ID. */
    @JsonProperty("id")
    @JsonPropertyDescription("AMI ID.")
    @Required
    private String id;

    /** Whether the AMI is deprecated. */
    @JsonProperty("deprecated")
    @JsonPropertyDescription("Whether the AMI is deprecated.")
    private Boolean deprecated;

    /** AMI name. */
    @JsonProperty("name")
    @JsonPropertyDescription("AMI name.")
    private String name;

    /** Requirements an instance type must meet to use this AMI (arch, GPU, ...). */
    @JsonProperty("requirements")
    @JsonPropertyDescription("Requirements an instance type must meet to use this AMI (arch, GPU, ...).")
    @Required
    private List<NodeSelectorRequirement> requirements;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public Boolean getDeprecated() {
        return deprecated;
    }

    public void setDeprecated(Boolean deprecated) {
        this.deprecated = deprecated;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<NodeSelectorRequirement> getRequirements() {
        return requirements;
    }

    public void setRequirements(List<NodeSelectorRequirement> requirements) {
        this.requirements = requirements;
    }
}
