package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The EventBridge events AWS puts on an interruption queue (the SQS message body is the event itself), in the shapes
 * of aws-apis.md §3: envelope {@code version "0", id, detail-type, source, account, time, region, resources[], detail}.
 */
final class InterruptionEvents {
    static final String SPOT_WARNING = "EC2 Spot Instance Interruption Warning";
    static final String REBALANCE = "EC2 Instance Rebalance Recommendation";
    static final String STATE_CHANGE = "EC2 Instance State-change Notification";
    static final String HEALTH = "AWS Health Event";
    static final String RETIREMENT = "AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED";
    /** When a scheduled change is announced to start (AWS gives days or weeks of notice) and how long it lasts. */
    static final Duration SCHEDULED_NOTICE = Duration.ofDays(7);
    static final Duration SCHEDULED_WINDOW = Duration.ofHours(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private InterruptionEvents() {
    }

    /** The event for {@code kind} on {@code instanceId}, sent at {@code now}, as the JSON body of the SQS message. */
    static String event(InterruptionKind kind, String instanceId, String region, String accountId, Instant now) {
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString());
        String instanceArn = "arn:aws:ec2:" + region + ":" + accountId + ":instance/" + instanceId;
        ObjectNode detail;
        switch (kind) {
            case SPOT -> {
                envelope(event, SPOT_WARNING, "aws.ec2", accountId, region, now).putArray("resources").add(instanceArn);
                detail = event.putObject("detail").put("instance-id", instanceId).put("instance-action", "terminate");
            }
            case REBALANCE -> {
                envelope(event, REBALANCE, "aws.ec2", accountId, region, now).putArray("resources").add(instanceArn);
                detail = event.putObject("detail").put("instance-id", instanceId);
            }
            case SCHEDULED -> {
                envelope(event, HEALTH, "aws.health", accountId, region, now).putArray("resources").add(instanceId);
                detail = event.putObject("detail");
                Instant start = now.plus(SCHEDULED_NOTICE).truncatedTo(ChronoUnit.HOURS);
                detail.put("eventArn", "arn:aws:health:" + region + "::event/EC2/" + RETIREMENT + "/" + RETIREMENT + "_"
                                + instanceId.substring(2))
                        .put("service", "EC2").put("eventTypeCode", RETIREMENT).put("eventTypeCategory", "scheduledChange")
                        .put("startTime", rfc1123(start)).put("endTime", rfc1123(start.plus(SCHEDULED_WINDOW)));
                detail.putArray("eventDescription").addObject().put("language", "en_US").put("latestDescription",
                        "EC2 has detected degradation of the underlying hardware hosting your Amazon EC2 instance "
                                + instanceId + ". Your instance will be retired after " + rfc1123(start) + ".");
                ObjectNode entity = detail.putArray("affectedEntities").addObject().put("entityValue", instanceId);
                entity.putObject("tags");
            }
            default -> {
                envelope(event, STATE_CHANGE, "aws.ec2", accountId, region, now).putArray("resources").add(instanceArn);
                detail = event.putObject("detail").put("instance-id", instanceId).put("state", kind.wireName);
            }
        }
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode envelope(ObjectNode event, String detailType, String source, String accountId, String region,
                                       Instant now) {
        return event.put("detail-type", detailType).put("source", source).put("account", accountId)
                .put("time", now.truncatedTo(ChronoUnit.SECONDS).toString()).put("region", region);
    }

    private static String rfc1123(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)).replace("+0000", "GMT");
    }
}
