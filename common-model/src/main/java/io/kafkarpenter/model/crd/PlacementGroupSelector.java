package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The EC2 placement group of the instances, by name or by ID (exactly one). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "has(self.name) || has(self.id)", message = "expected at least one, got none, ['name', 'id']")
@ValidationRule(value = "!(has(self.name) && has(self.id))", message = "'name' and 'id' are mutually exclusive")
public class PlacementGroupSelector extends KubeValue {
    /** Placement group name. */
    @JsonProperty("name")
    @JsonPropertyDescription("Placement group name.")
    @Size(min = 1)
    private String name;

    /** Placement group ID, e.g. pg-0123456789abcdef0. */
    @JsonProperty("id")
    @JsonPropertyDescription("Placement group ID, e.g. pg-0123456789abcdef0.")
    @Pattern("^pg-[0-9a-z]+$")
    private String id;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
