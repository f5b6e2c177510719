package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A subnet an EC2NodeClass resolved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class SubnetStatus extends KubeValue {
    /** Subnet ID. */
    @JsonProperty("id")
    @JsonPropertyDescription("Subnet ID.")
    @Required
    private String id;

    /** Availability zone. */
    @JsonProperty("zone")
    @JsonPropertyDescription("Availability zone.")
    @Required
    private String zone;

    /** Availability zone ID. */
    @JsonProperty("zoneID")
    @JsonPropertyDescription("Availability zone ID.")
    private String zoneID;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getZone() {
        return zone;
    }

    public void setZone(String zone) {
        this.zone = zone;
    }

    public String getZoneID() {
        return zoneID;
    }

    public void setZoneID(String zoneID) {
        this.zoneID = zoneID;
    }

    public SubnetStatus() {
    }

    public SubnetStatus(String id, String zone, String zoneID) {
        this.id = id;
        this.zone = zone;
        this.zoneID = zoneID;
    }
}
