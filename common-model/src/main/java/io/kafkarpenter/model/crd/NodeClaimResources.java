package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** Resource requests of a NodeClaim. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class NodeClaimResources extends KubeValue {
    /** Minimum resources the NodeClaim must offer (pods plus daemonset overhead). */
    @JsonProperty("requests")
    @JsonPropertyDescription("Minimum resources the NodeClaim must offer (pods plus daemonset overhead).")
    private Map<String, Quantity> requests;

    public Map<String, Quantity> getRequests() {
        return requests;
    }

    public void setRequests(Map<String, Quantity> requests) {
        this.requests = requests;
    }
}
