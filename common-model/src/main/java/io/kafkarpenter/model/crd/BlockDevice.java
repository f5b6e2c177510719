package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** EBS volume parameters of a block device mapping. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BlockDevice extends KubeValue {
    /** Delete the volume when the instance terminates. */
    @JsonProperty("deleteOnTermination")
    @JsonPropertyDescription("Delete the volume when the instance terminates.")
    private Boolean deleteOnTermination;

    /** Encrypt the volume. */
    @JsonProperty("encrypted")
    @JsonPropertyDescription("Encrypt the volume.")
    private Boolean encrypted;

    /** Provisioned IOPS (gp3, io1, io2). */
    @JsonProperty("iops")
    @JsonPropertyDescription("Provisioned IOPS (gp3, io1, io2).")
    private Long iops;

    /** KMS key for encryption. */
    @JsonProperty("kmsKeyID")
    @JsonPropertyDescription("KMS key for encryption.")
    private String kmsKeyID;

    /** Snapshot to create the volume from. */
    @JsonProperty("snapshotID")
    @JsonPropertyDescription("Snapshot to create the volume from.")
    private String snapshotID;

    /** gp3 throughput in MiB/s (125-1000). */
    @JsonProperty("throughput")
    @JsonPropertyDescription("gp3 throughput in MiB/s (125-1000).")
    private Long throughput;

    /** Snapshot initialization rate in MiB/s (needs snapshotID). */
    @JsonProperty("volumeInitializationRate")
    @JsonPropertyDescription("Snapshot initialization rate in MiB/s (needs snapshotID).")
    @Min(100)
    @Max(300)
    private Integer volumeInitializationRate;

    /** Volume size in Gi, G, Ti or T, e.g. 20Gi. */
    @JsonProperty("volumeSize")
    @JsonPropertyDescription("Volume size in Gi, G, Ti or T, e.g. 20Gi.")
    @Pattern("^((?:[1-9][0-9]{0,3}|[1-4][0-9]{4}|[5][0-8][0-9]{3}|59000)Gi|(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|[6][0-3][0-9]{3}|64000)G|([1-9]||[1-5][0-7]|58)Ti|([1-9]||[1-5][0-9]|6[0-3]|64)T)$")
    private String volumeSize;

    /** EBS volume type. */
    @JsonProperty("volumeType")
    @JsonPropertyDescription("EBS volume type.")
    @ValidationRule(value = "self in ['standard', 'io1', 'io2', 'gp2', 'sc1', 'st1', 'gp3']", message = "volumeType must be standard, io1, io2, gp2, sc1, st1 or gp3")
    private String volumeType;

    public Boolean getDeleteOnTermination() {
        return deleteOnTermination;
    }

    public void setDeleteOnTermination(Boolean deleteOnTermination) {
        this.deleteOnTermination = deleteOnTermination;
    }

    public Boolean getEncrypted() {
        return encrypted;
    }

    public void setEncrypted(Boolean encrypted) {
        this.encrypted = encrypted;
    }

    public Long getIops() {
        return iops;
    }

    public void setIops(Long iops) {
        this.iops = iops;
    }

    public String getKmsKeyID() {
        return kmsKeyID;
    }

    public void setKmsKeyID(String kmsKeyID) {
        this.kmsKeyID = kmsKeyID;
    }

    public String getSnapshotID() {
        return snapshotID;
    }

    public void setSnapshotID(String snapshotID) {
        this.snapshotID = snapshotID;
    }

    public Long getThroughput() {
        return throughput;
    }

    public void setThroughput(Long throughput) {
        this.throughput = throughput;
    }

    public Integer getVolumeInitializationRate() {
        return volumeInitializationRate;
    }

    public void setVolumeInitializationRate(Integer volumeInitializationRate) {
        this.volumeInitializationRate = volumeInitializationRate;
    }

    public String getVolumeSize() {
        return volumeSize;
    }

    public void setVolumeSize(String volumeSize) {
        this.volumeSize = volumeSize;
    }

    public String getVolumeType() {
        return volumeType;
    }

    public void setVolumeType(String volumeType) {
        this.volumeType = volumeType;
    }
}
