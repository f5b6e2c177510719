package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Reference to the provider node class, e.g. {@code {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeClassReference extends KubeValue {
    /** API group of the node class. */
    @JsonProperty("group")
    @JsonPropertyDescription("API group of the node class.")
    @Required
    @Pattern("^[^/]*$")
    @ValidationRule(value = "self != ''", message = "group may not be empty")
    private String group;

    /** Kind of the node class. */
    @JsonProperty("kind")
    @JsonPropertyDescription("Kind of the node class.")
    @Required
    @ValidationRule(value = "self != ''", message = "kind may not be empty")
    private String kind;

    /** Name of the node class. */
    @JsonProperty("name")
    @JsonPropertyDescription("Name of the node class.")
    @Required
    @ValidationRule(value = "self != ''", message = "name may not be empty")
    private String name;

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public NodeClassReference() {
    }

    public NodeClassReference(String group, String kind, String name) {
        this.group = group;
        this.kind = kind;
        this.name = name;
    }
}
