package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Selects capacity reservations (fields ANDed). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CapacityReservationSelectorTerm extends KubeValue {
    /** Tags the resource must have; the value * matches any value of the key. */
    @JsonProperty("tags")
    @JsonPropertyDescription("Tags the resource must have; the value * matches any value of the key.")
    @Size(max = 20)
    @ValidationRule(value = "self.all(k, k != '' && self[k] != '')", message = "empty tag keys or values aren't supported")
    private Map<String, String> tags;

    /** Capacity reservation ID; exclusive with the other fields. */
    @JsonProperty("id")
    @JsonPropertyDescription("Capacity reservation ID; exclusive with the other fields.")
    @Pattern("^cr-[0-9a-z]+$")
    private String id;

    /** Owning AWS account ID. */
    @JsonProperty("ownerID")
    @JsonPropertyDescription("Owning AWS account ID.")
    @Pattern("^[0-9]{12}$")
    private String ownerID;

    /** open or targeted. */
    @JsonProperty("instanceMatchCriteria")
    @JsonPropertyDescription("open or targeted.")
    @ValidationRule(value = "self in ['open', 'targeted']", message = "instanceMatchCriteria must be open or targeted")
    private String instanceMatchCriteria;

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

    public String getOwnerID() {
        return ownerID;
    }

    public void setOwnerID(String ownerID) {
        this.ownerID = ownerID;
    }

    public String getInstanceMatchCriteria() {
        return instanceMatchCriteria;
    }

    public void setInstanceMatchCriteria(String instanceMatchCriteria) {
        this.instanceMatchCriteria = instanceMatchCriteria;
    }
}
