package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Resolved state of an EC2NodeClass. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class EC2NodeClassStatus extends KubeValue {
    /** Subnets selected, most free IPs first. */
    @JsonProperty("subnets")
    @JsonPropertyDescription("Subnets selected, most free IPs first.")
    private List<SubnetStatus> subnets;

    /** Security groups selected. */
    @JsonProperty("securityGroups")
    @JsonPropertyDescription("Security groups selected.")
    private List<SecurityGroupStatus> securityGroups;

    /** Capacity reservations selected. */
    @JsonProperty("capacityReservations")
    @JsonPropertyDescription("Capacity reservations selected.")
    private List<CapacityReservationStatus> capacityReservations;

    /** AMIs selected, with the requirements an instance type must meet to use each. */
    @JsonProperty("amis")
    @JsonPropertyDescription("AMIs selected, with the requirements an instance type must meet to use each.")
    private List<AmiStatus> amis;

    /** Instance profile resolved for the role. */
    @JsonProperty("instanceProfile")
    @JsonPropertyDescription("Instance profile resolved for the role.")
    private String instanceProfile;

    /** Conditions: SubnetsReady, SecurityGroupsReady, AMIsReady, InstanceProfileReady, ValidationSucceeded, Ready. */
    @JsonProperty("conditions")
    @JsonPropertyDescription("Conditions: SubnetsReady, SecurityGroupsReady, AMIsReady, InstanceProfileReady, ValidationSucceeded, Ready.")
    private List<Condition> conditions;

    public List<SubnetStatus> getSubnets() {
        return subnets;
    }

    public void setSubnets(List<SubnetStatus> subnets) {
        this.subnets = subnets;
    }

    public List<SecurityGroupStatus> getSecurityGroups() {
        return securityGroups;
    }

    public void setSecurityGroups(List<SecurityGroupStatus> securityGroups) {
        this.securityGroups = securityGroups;
    }

    public List<CapacityReservationStatus> getCapacityReservations() {
        return capacityReservations;
    }

    public void setCapacityReservations(List<CapacityReservationStatus> capacityReservations) {
        this.capacityReservations = capacityReservations;
    }

    public List<AmiStatus> getAmis() {
        return amis;
    }

    public void setAmis(List<AmiStatus> amis) {
        this.amis = amis;
    }

    public String getInstanceProfile() {
        return instanceProfile;
    }

    public void setInstanceProfile(String instanceProfile) {
        this.instanceProfile = instanceProfile;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
