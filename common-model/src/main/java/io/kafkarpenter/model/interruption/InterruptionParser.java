package io.kafkarpenter.model.interruption;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kafkarpenter.model.interruption.InterruptionMessage.CapacityReservationInterruption;
import io.kafkarpenter.model.interruption.InterruptionMessage.NoOp;
import io.kafkarpenter.model.interruption.InterruptionMessage.RebalanceRecommendation;
import io.kafkarpenter.model.interruption.InterruptionMessage.ScheduledChange;
import io.kafkarpenter.model.interruption.InterruptionMessage.SpotInterruption;
import io.kafkarpenter.model.interruption.InterruptionMessage.StateChange;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the body of an SQS message from the interruption queue: an EventBridge event (no SNS envelope), dispatched as
 * Karpenter's {@code EventParser} on {@code (version, source, detail-type)} (reference {@code aws-apis.md} §3).
 *
 * <ul>
 *   <li>Empty body, an unknown triple, a Health event that is not EC2 {@code scheduledChange}, a state other than
 *       stopping/stopped/shutting-down/terminated → {@link NoOp} (counted {@code no_op}, deleted).</li>
 *   <li>Malformed → {@link InvalidInterruptionMessageException} naming the field: not JSON or not an object; an envelope
 *       field of the wrong type ({@code resources} not an array of strings, {@code time} not RFC 3339, ...); for a
 *       handled kind, a missing {@code time}, {@code detail} or detail field it needs ({@code detail.instance-id},
 *       {@code detail.state}, {@code detail.affectedEntities[i].entityValue}). Karpenter's Go decoder would read a
 *       missing field as "" and then match no NodeClaim; we say which field is missing instead.</li>
 * </ul>
 * Unknown fields are ignored. Thread-safe.
 */
public final class InterruptionParser {

    public static final String VERSION = "0";
    public static final String SOURCE_EC2 = "aws.ec2";
    public static final String SOURCE_HEALTH = "aws.health";
    public static final String SPOT_INTERRUPTION = "EC2 Spot Instance Interruption Warning";
    public static final String REBALANCE_RECOMMENDATION = "EC2 Instance Rebalance Recommendation";
    public static final String STATE_CHANGE = "EC2 Instance State-change Notification";
    public static final String HEALTH_EVENT = "AWS Health Event";
    public static final String CAPACITY_RESERVATION_INTERRUPTION = "EC2 Capacity Reservation Instance Interruption Warning";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private InterruptionParser() {
    }

    public static InterruptionMessage parse(String body) {
        if (body == null || body.isBlank()) {
            return new NoOp(null, null, "empty message body");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidInterruptionMessageException(null, "not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInterruptionMessageException(null, "expected a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType()), null);
        }
        // the envelope: every field Karpenter decodes must have the right type when present
        String id = optionalText(root, "id");
        optionalText(root, "account");
        optionalText(root, "region");
        String version = optionalText(root, "version");
        String source = optionalText(root, "source");
        String detailType = optionalText(root, "detail-type");
        resources(root);
        Instant time = optionalTime(root);

        String kind = String.valueOf(source) + " / " + detailType + " (version " + version + ")";
        if (!VERSION.equals(version) || source == null || detailType == null) {
            return new NoOp(id, time, "event " + kind + " is not handled");
        }
        return switch (source + "|" + detailType) {
            case SOURCE_EC2 + "|" + SPOT_INTERRUPTION -> new SpotInterruption(id, required(time),
                    detailText(root, "instance-id"), optionalText(detail(root), "instance-action", "detail.instance-action"));
            case SOURCE_EC2 + "|" + REBALANCE_RECOMMENDATION -> new RebalanceRecommendation(id, required(time),
                    detailText(root, "instance-id"));
            case SOURCE_EC2 + "|" + STATE_CHANGE -> stateChange(root, id, required(time));
            case SOURCE_EC2 + "|" + CAPACITY_RESERVATION_INTERRUPTION -> new CapacityReservationInterruption(id,
                    required(time), detailText(root, "instance-id"),
                    optionalText(detail(root), "instance-action", "detail.instance-action"));
            case SOURCE_HEALTH + "|" + HEALTH_EVENT -> healthEvent(root, id, required(time));
            default -> new NoOp(id, time, "event " + kind + " is not handled");
        };
    }

    private static InterruptionMessage stateChange(JsonNode root, String id, Instant time) {
        String instanceId = detailText(root, "instance-id");
        String state = detailText(root, "state").toLowerCase(Locale.ROOT);
        if (!StateChange.ACTED_ON.contains(state)) {
            return new NoOp(id, time, "instance " + instanceId + " state " + state + " is not acted on");
        }
        return new StateChange(id, time, instanceId, state);
    }

    private static InterruptionMessage healthEvent(JsonNode root, String id, Instant time) {
        JsonNode detail = detail(root);
        String service = optionalText(detail, "service", "detail.service");
        String category = optionalText(detail, "eventTypeCategory", "detail.eventTypeCategory");
        if (!"EC2".equals(service) || !"scheduledChange".equals(category)) {
            return new NoOp(id, time, "AWS Health event of service " + service + ", category " + category
                    + " is not handled (only EC2 scheduledChange)");
        }
        JsonNode entities = detail.get("affectedEntities");
        if (entities == null || entities.isNull()) {
            throw InvalidInterruptionMessageException.missing("detail.affectedEntities");
        }
        if (!entities.isArray()) {
            throw InvalidInterruptionMessageException.invalid("detail.affectedEntities", "expected an array, got "
                    + entities.getNodeType());
        }
        List<String> instanceIds = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            String path = "detail.affectedEntities[" + i + "]";
            JsonNode entity = entities.get(i);
            if (!entity.isObject()) {
                throw InvalidInterruptionMessageException.invalid(path, "expected an object, got " + entity.getNodeType());
            }
            instanceIds.add(requiredText(entity, "entityValue", path + ".entityValue"));
        }
        return new ScheduledChange(id, time, optionalText(detail, "eventTypeCode", "detail.eventTypeCode"), instanceIds,
                optionalText(detail, "startTime", "detail.startTime"), optionalText(detail, "endTime", "detail.endTime"));
    }

    // ---- fields ---------------------------------------------------------------------------------------------------

    private static JsonNode detail(JsonNode root) {
        JsonNode detail = root.get("detail");
        if (detail == null || detail.isNull()) {
            throw InvalidInterruptionMessageException.missing("detail");
        }
        if (!detail.isObject()) {
            throw InvalidInterruptionMessageException.invalid("detail", "expected an object, got " + detail.getNodeType());
        }
        return detail;
    }

    private static String detailText(JsonNode root, String field) {
        return requiredText(detail(root), field, "detail." + field);
    }

    private static String requiredText(JsonNode object, String field, String path) {
        String value = optionalText(object, field, path);
        if (value == null) {
            throw InvalidInterruptionMessageException.missing(path);
        }
        if (value.isBlank()) {
            throw InvalidInterruptionMessageException.invalid(path, "empty");
        }
        return value;
    }

    private static String optionalText(JsonNode object, String field) {
        return optionalText(object, field, field);
    }

    private static String optionalText(JsonNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw InvalidInterruptionMessageException.invalid(path, "expected a string, got " + value.getNodeType());
        }
        return value.asText();
    }

    private static void resources(JsonNode root) {
        JsonNode resources = root.get("resources");
        if (resources == null || resources.isNull()) {
            return;
        }
        if (!resources.isArray()) {
            throw InvalidInterruptionMessageException.invalid("resources", "expected an array of strings, got "
                    + resources.getNodeType());
        }
        for (int i = 0; i < resources.size(); i++) {
            if (!resources.get(i).isTextual()) {
                throw InvalidInterruptionMessageException.invalid("resources[" + i + "]", "expected a string, got "
                        + resources.get(i).getNodeType());
            }
        }
    }

    private static Instant optionalTime(JsonNode root) {
        String time = optionalText(root, "time");
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidInterruptionMessageException.invalid("time", "'" + time + "' is not an RFC 3339 time");
        }
    }

    private static Instant required(Instant time) {
        if (time == null) {
            throw InvalidInterruptionMessageException.missing("time");
        }
        return time;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
