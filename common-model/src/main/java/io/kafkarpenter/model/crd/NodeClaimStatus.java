package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/** Observed state of a NodeClaim. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeClaimStatus extends KubeValue {
    /** Name of the node that registered for this NodeClaim. */
    @JsonProperty("nodeName")
    @JsonPropertyDescription("Name of the node that registered for this NodeClaim.")
    private String nodeName;

    /** Cloud provider ID of the instance, e.g. aws:///us-east-1a/i-0123456789abcdef0. */
    @JsonProperty("providerID")
    @JsonPropertyDescription("Cloud provider ID of the instance, e.g. aws:///us-east-1a/i-0123456789abcdef0.")
    private String providerID;

    /** Image (AMI) the node runs. */
    @JsonProperty("imageID")
    @JsonPropertyDescription("Image (AMI) the node runs.")
    private String imageID;

    /** Estimated full capacity of the node. */
    @JsonProperty("capacity")
    @JsonPropertyDescription("Estimated full capacity of the node.")
    private Map<String, Quantity> capacity;

    /** Estimated allocatable capacity of the node. */
    @JsonProperty("allocatable")
    @JsonPropertyDescription("Estimated allocatable capacity of the node.")
    private Map<String, Quantity> allocatable;

    /** Conditions: Launched, Registered, Initialized, Ready, Consolidatable, Drifted, ... */
    @JsonProperty("conditions")
    @JsonPropertyDescription("Conditions: Launched, Registered, Initialized, Ready, Consolidatable, Drifted, ...")
    private List<Condition> conditions;

    /** RFC 3339 time a pod was last scheduled to or removed from the node. */
    @JsonProperty("lastPodEventTime")
    @JsonPropertyDescription("RFC 3339 time a pod was last scheduled to or removed from the node.")
    private String lastPodEventTime;

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public String getProviderID() {
        return providerID;
    }

    public void setProviderID(String providerID) {
        this.providerID = providerID;
    }

    public String getImageID() {
        return imageID;
    }

    public void setImageID(String imageID) {
        this.imageID = imageID;
    }

    public Map<String, Quantity> getCapacity() {
        return capacity;
    }

    public void setCapacity(Map<String, Quantity> capacity) {
        this.capacity = capacity;
    }

    public Map<String, Quantity> getAllocatable() {
        return allocatable;
    }

    public void setAllocatable(Map<String, Quantity> allocatable) {
        this.allocatable = allocatable;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getLastPodEventTime() {
        return lastPodEventTime;
    }

    public void setLastPodEventTime(String lastPodEventTime) {
        this.lastPodEventTime = lastPodEventTime;
    }
}
