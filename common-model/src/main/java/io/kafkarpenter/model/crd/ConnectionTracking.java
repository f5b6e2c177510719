package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Idle connection tracking timeouts (seconds) of the network interfaces of the launch template; EC2's defaults when unset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "has(self.tcpEstablishedTimeout) || has(self.udpStreamTimeout) || has(self.udpTimeout)",
        message = "at least one of tcpEstablishedTimeout, udpStreamTimeout, or udpTimeout must be set")
public class ConnectionTracking extends KubeValue {
    /** Timeout of idle established TCP connections, 60 to 432000 seconds. */
    @JsonProperty("tcpEstablishedTimeout")
    @JsonPropertyDescription("Timeout of idle established TCP connections, 60 to 432000 seconds.")
    @Min(60)
    @Max(432000)
    private Integer tcpEstablishedTimeout;

    /** Timeout of idle UDP stream flows (more than one request-response), 60 to 180 seconds. */
    @JsonProperty("udpStreamTimeout")
    @JsonPropertyDescription("Timeout of idle UDP stream flows (more than one request-response), 60 to 180 seconds.")
    @Min(60)
    @Max(180)
    private Integer udpStreamTimeout;

    /** Timeout of idle UDP flows seen in one direction or one request-response, 30 to 60 seconds. */
    @JsonProperty("udpTimeout")
    @JsonPropertyDescription("Timeout of idle UDP flows seen in one direction or one request-response, 30 to 60 seconds.")
    @Min(30)
    @Max(60)
    private Integer udpTimeout;

    public Integer getTcpEstablishedTimeout() {
        return tcpEstablishedTimeout;
    }

    public void setTcpEstablishedTimeout(Integer tcpEstablishedTimeout) {
        this.tcpEstablishedTimeout = tcpEstablishedTimeout;
    }

    public Integer getUdpStreamTimeout() {
        return udpStreamTimeout;
    }

    public void setUdpStreamTimeout(Integer udpStreamTimeout) {
        this.udpStreamTimeout = udpStreamTimeout;
    }

    public Integer getUdpTimeout() {
        return udpTimeout;
    }

    public void setUdpTimeout(Integer udpTimeout) {
        this.udpTimeout = udpTimeout;
    }
}
