package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A capacity reservation an EC2NodeClass resolved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CapacityReservationStatus extends KubeValue {
    /** Availability zone of the reservation. */
    @JsonProperty("availabilityZone")
    @JsonPropertyDescription("Availability zone of the reservation.")
    @Required
    private String availabilityZone;

    /** RFC 3339 time the reservation expires. */
    @JsonProperty("endTime")
    @JsonPropertyDescription("RFC 3339 time the reservation expires.")
    private String endTime;

    /** Capacity reservation ID. */
    @JsonProperty("id")
    @JsonPropertyDescription("Capacity reservation ID.")
    @Required
    @Pattern("^cr-[0-9a-z]+$")
    private String id;

    /** open or targeted. */
    @JsonProperty("instanceMatchCriteria")
    @JsonPropertyDescription("open or targeted.")
    @Required
    private String instanceMatchCriteria;

    /** Instance type reserved. */
    @JsonProperty("instanceType")
    @JsonPropertyDescription("Instance type reserved.")
    @Required
    private String instanceType;

    /** Owning AWS account ID. */
    @JsonProperty("ownerID")
    @JsonPropertyDescription("Owning AWS account ID.")
    @Required
    @Pattern("^[0-9]{12}$")
    private String ownerID;

    /** default or capacity-block. */
    @JsonProperty("reservationType")
    @JsonPropertyDescription("default or capacity-block.")
    @Default("default")
    private String reservationType;

    /** Whether the reservation is interruptible. */
    @JsonProperty("interruptible")
    @JsonPropertyDescription("Whether the reservation is interruptible.")
    private Boolean interruptible;

    /** active or expiring. */
    @JsonProperty("state")
    @JsonPropertyDescription("active or expiring.")
    @Default("active")
    private String state;

    public String getAvailabilityZone() {
        return availabilityZone;
    }

    public void setAvailabilityZone(String availabilityZone) {
        this.availabilityZone = availabilityZone;
    }

    public String getEndTime() {
        return endTime;
    }

    public void setEndTime(String endTime) {
        this.endTime = endTime;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getInstanceMatchCriteria() {
        return instanceMatchCriteria;
    }

    public void setInstanceMatchCriteria(String instanceMatchCriteria) {
        this.instanceMatchCriteria = instanceMatchCriteria;
    }

    public String getInstanceType() {
        return instanceType;
    }

    public void setInstanceType(String instanceType) {
        this.instanceType = instanceType;
    }

    public String getOwnerID() {
        return ownerID;
    }

    public void setOwnerID(String ownerID) {
        this.ownerID = ownerID;
    }

    public String getReservationType() {
        return reservationType;
    }

    public void setReservationType(String reservationType) {
        this.reservationType = reservationType;
    }

    public Boolean getInterruptible() {
        return interruptible;
    }

    public void setInterruptible(Boolean interruptible) {
        this.interruptible = interruptible;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }
}
