package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** A block device of the launched instances. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BlockDeviceMapping extends KubeValue {
    /** Device name, e.g. /dev/xvda. */
    @JsonProperty("deviceName")
    @JsonPropertyDescription("Device name, e.g. /dev/xvda.")
    private String deviceName;

    /** EBS volume parameters. */
    @JsonProperty("ebs")
    @JsonPropertyDescription("EBS volume parameters.")
    @ValidationRule(value = "has(self.snapshotID) || has(self.volumeSize)", message = "snapshotID or volumeSize must be defined")
    @ValidationRule(value = "!has(self.volumeInitializationRate) || (has(self.snapshotID) && self.snapshotID != '')",
            message = "snapshotID must be set when volumeInitializationRate is set")
    private BlockDevice ebs;

    /** Whether this device holds the kubelet root dir (at most one). */
    @JsonProperty("rootVolume")
    @JsonPropertyDescription("Whether this device holds the kubelet root dir (at most one).")
    private Boolean rootVolume;

    public String getDeviceName() {
        return deviceName;
    }

    public void setDeviceName(String deviceName) {
        this.deviceName = deviceName;
    }

    public BlockDevice getEbs() {
        return ebs;
    }

    public void setEbs(BlockDevice ebs) {
        this.ebs = ebs;
    }

    public Boolean getRootVolume() {
        return rootVolume;
    }

    public void setRootVolume(Boolean rootVolume) {
        this.rootVolume = rootVolume;
    }
}
