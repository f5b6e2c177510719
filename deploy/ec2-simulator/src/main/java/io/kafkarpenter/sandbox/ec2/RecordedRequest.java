package io.kafkarpenter.sandbox.ec2;

import java.time.Instant;
import java.util.SortedMap;

/**
 * One call the simulator answered, for assertions ("exactly one CreateFleet") and for the demo's request log.
 *
 * @param parameters the decoded form parameters, sorted by name
 * @param errorCode  the EC2 error code when the call failed, else null
 */
public record RecordedRequest(Instant at, String action, SortedMap<String, String> parameters, int httpStatus, String errorCode) {

    public boolean succeeded() {
        return httpStatus == 200;
    }

    public String parameter(String name) {
        return parameters.get(name);
    }
}
