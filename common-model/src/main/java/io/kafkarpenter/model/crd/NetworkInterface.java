package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A network interface attached to the instances: which card, which device index, ENA or EFA-only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NetworkInterface extends KubeValue {
    /** Index of the network card the interface attaches to. */
    @JsonProperty("networkCardIndex")
    @JsonPropertyDescription("Index of the network card the interface attaches to.")
    @Required
    @Min(0)
    private Integer networkCardIndex;

    /** Device index of the attachment. */
    @JsonProperty("deviceIndex")
    @JsonPropertyDescription("Device index of the attachment.")
    @Required
    @Min(0)
    private Integer deviceIndex;

    /** interface or efa-only. */
    @JsonProperty("interfaceType")
    @JsonPropertyDescription("interface or efa-only.")
    @Required
    @ValidationRule(value = "self in ['interface', 'efa-only']", message = "interfaceType must be interface or efa-only")
    private String interfaceType;

    public NetworkInterface() {
    }

    public NetworkInterface(Integer networkCardIndex, Integer deviceIndex, String interfaceType) {
        this.networkCardIndex = networkCardIndex;
        this.deviceIndex = deviceIndex;
        this.interfaceType = interfaceType;
    }

    public Integer getNetworkCardIndex() {
        return networkCardIndex;
    }

    public void setNetworkCardIndex(Integer networkCardIndex) {
        this.networkCardIndex = networkCardIndex;
    }

    public Integer getDeviceIndex() {
        return deviceIndex;
    }

    public void setDeviceIndex(Integer deviceIndex) {
        this.deviceIndex = deviceIndex;
    }

    public String getInterfaceType() {
        return interfaceType;
    }

    public void setInterfaceType(String interfaceType) {
        this.interfaceType = interfaceType;
    }
}
