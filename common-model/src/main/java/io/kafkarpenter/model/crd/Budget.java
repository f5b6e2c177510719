package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A disruption budget: at most {@code nodes} NodeClaims of the pool may be disrupting at once, optionally only during a cron window and for some reasons. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Budget extends KubeValue {
    /** Maximum number (e.g. 5) or percentage (e.g. 10%) of the NodePool's nodes that may be disrupted at once. */
    @JsonProperty("nodes")
    @JsonPropertyDescription("Maximum number (e.g. 5) or percentage (e.g. 10%) of the NodePool's nodes that may be disrupted at once.")
    @Required
    @Pattern("^((100|[0-9]{1,2})%|[0-9]+)$")
    @Default("10%")
    private String nodes;

    /** When the budget becomes active: 5-field cron or @daily-style macro, in UTC. Needs duration. */
    @JsonProperty("schedule")
    @JsonPropertyDescription("When the budget becomes active: 5-field cron or @daily-style macro, in UTC. Needs duration.")
    @Pattern("^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\\s(.+)\\s(.+)\\s(.+)\\s(.+))$")
    private String schedule;

    /** How long the budget stays active after each schedule hit (hours and minutes, e.g. 1h30m). Needs schedule. */
    @JsonProperty("duration")
    @JsonPropertyDescription("How long the budget stays active after each schedule hit (hours and minutes, e.g. 1h30m). Needs schedule.")
    @Pattern("^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$")
    private String duration;

    /** Disruption reasons the budget applies to (Underutilized, Empty, Drifted); unset means all. */
    @JsonProperty("reasons")
    @JsonPropertyDescription("Disruption reasons the budget applies to (Underutilized, Empty, Drifted); unset means all.")
    @ValidationRule(value = "self.all(x, x in ['Underutilized', 'Empty', 'Drifted'])", message = "reasons must be Underutilized, Empty or Drifted")
    @Size(max = 50)
    private List<String> reasons;

    public String getNodes() {
        return nodes;
    }

    public void setNodes(String nodes) {
        this.nodes = nodes;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getDuration() {
        return duration;
    }

    public void setDuration(String duration) {
        this.duration = duration;
    }

    public List<String> getReasons() {
        return reasons;
    }

    public void setReasons(List<String> reasons) {
        this.reasons = reasons;
    }
}
