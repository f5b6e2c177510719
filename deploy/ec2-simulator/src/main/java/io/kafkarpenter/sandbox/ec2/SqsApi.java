package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkarpenter.sandbox.iam.AuthorizationRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * SQS as the SDK v2 {@code SqsClient} (2.57.x) sends it: AWS JSON 1.0, {@code POST /} with
 * {@code X-Amz-Target: AmazonSQS.<Op>} and a JSON body. GetQueueUrl, SendMessage, ReceiveMessage (long polling,
 * visibility timeout) and DeleteMessage on the configured queues ({@link SqsQueues}). Errors are 400 (403 for
 * credentials / IAM) with {@code {"__type":"com.amazonaws.sqs#<Code>","message":..}} and the query-compatible
 * {@code x-amzn-query-error: <legacy code>;Sender} header, from which the SDK takes {@code errorCode()}.
 */
final class SqsApi {
    static final String TARGET_PREFIX = "AmazonSQS.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_WAIT_SECONDS = 20;
    private static final int MAX_VISIBILITY_SECONDS = 12 * 60 * 60;
    private static final int MAX_DELAY_SECONDS = 900;

    /** One answered call: operation and parameters for the request log, and the HTTP answer. */
    record Reply(String operation, SortedMap<String, String> parameters, int status, byte[] body, String errorCode,
                 String queryError) {
    }

    private static final class SqsException extends RuntimeException {
        final int status;
        final String code;
        final String queryError;

        SqsException(int status, String code, String queryError, String message) {
            super(message);
            this.status = status;
            this.code = code;
            this.queryError = queryError;
        }

        static SqsException invalidParameter(String message) {
            return new SqsException(400, "InvalidParameterValue", "InvalidParameterValue;Sender", message);
        }
    }

    private final SqsQueues queues;
    private final Faults faults;
    private final IamGate gate;
    private final Ec2SimulatorConfig config;
    private final Supplier<String> endpoint;
    private final Runnable beforeReceive;

    /**
     * @param beforeReceive runs before every ReceiveMessage (the spot interruptions of the fault rate, then the due
     *                      state-change notifications of spot-interrupted instances)
     */
    SqsApi(SqsQueues queues, Faults faults, IamGate gate, Ec2SimulatorConfig config, Supplier<String> endpoint,
           Runnable beforeReceive) {
        this.beforeReceive = beforeReceive;
        this.queues = queues;
        this.faults = faults;
        this.gate = gate;
        this.config = config;
        this.endpoint = endpoint;
    }

    /** The SQS operation of an {@code X-Amz-Target} header, or null when it is not an SQS call. */
    static String operation(String target) {
        return target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
    }

    /** {@code <endpoint>/<account>/<queue>}: what GetQueueUrl answers. */
    String queueUrl(String queue) {
        return endpoint.get() + "/" + config.accountId() + "/" + queue;
    }

    String queueArn(String queue) {
        return "arn:" + Ec2Authorization.PARTITION + ":sqs:" + config.region() + ":" + config.accountId() + ":" + queue;
    }

    /** Answers one call of the caller with this access key id (null: no Authorization header). */
    Reply call(String operation, byte[] body, String accessKeyId) {
        SortedMap<String, String> parameters = new TreeMap<>();
        try {
            JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            request.fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().isValueNode()
                    ? e.getValue().asText() : e.getValue().toString()));
            IamGate.Caller caller = gate.identify(accessKeyId).orElseThrow(() -> new SqsException(403,
                    "InvalidClientTokenId", "InvalidClientTokenId;Sender", "The security token included in the request is invalid."));
            Ec2Api.sleep(faults.latencyFor(operation));
            Ec2Error injected = faults.beforeHandling(operation);
            if (injected != null) {
                throw injected.isThrottling()
                        ? new SqsException(400, "RequestThrottled", "RequestThrottled;Sender", "Rate exceeded")
                        : new SqsException(injected.httpStatus(), injected.code(), injected.code() + ";Sender", injected.getMessage());
            }
            String queue = switch (operation) {
                case "GetQueueUrl" -> required(request, "QueueName");
                case "SendMessage", "ReceiveMessage", "DeleteMessage" -> queueName(required(request, "QueueUrl"));
                default -> throw new SqsException(400, "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation;Sender",
                        "The simulator does not serve " + operation + ".");
            };
            if (!caller.admin()) {
                AuthorizationRequest pair = new AuthorizationRequest("sqs:" + operation, queueArn(queue),
                        Map.of("aws:RequestedRegion", List.of(config.region())));
                gate.authorize(caller, List.of(pair)).ifPresent(denial -> {
                    throw new SqsException(403, "AccessDenied", "AccessDenied;Sender", denial.message());
                });
            }
            if (!queues.exists(queue)) {
                throw new SqsException(400, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue;Sender",
                        "The specified queue does not exist.");
            }
            ObjectNode answer = switch (operation) {
                case "GetQueueUrl" -> JSON.createObjectNode().put("QueueUrl", queueUrl(queue));
                case "SendMessage" -> send(queue, request);
                case "ReceiveMessage" -> receive(queue, request);
                default -> delete(queue, request);
            };
            return new Reply(operation, parameters, 200, JSON.writeValueAsBytes(answer), null, null);
        } catch (SqsException e) {
            return error(operation, parameters, e);
        } catch (IOException e) {
            return error(operation, parameters, new SqsException(400, "InvalidParameterValue", "InvalidParameterValue;Sender",
                    "Malformed JSON body: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(operation, parameters, new SqsException(500, "InternalError", "InternalError;Receiver", "interrupted"));
        } catch (RuntimeException e) {
            return error(operation, parameters, new SqsException(500, "InternalError", "InternalError;Receiver",
                    "Internal error: " + e));
        }
    }

    private ObjectNode send(String queue, JsonNode request) {
        String body = required(request, "MessageBody");
        if (body.isEmpty()) {
            throw new SqsException(400, "MissingParameter", "MissingParameter;Sender",
                    "The request must contain the parameter MessageBody.");
        }
        int delay = intIn(request, "DelaySeconds", 0, 0, MAX_DELAY_SECONDS);
        SqsQueues.Message m = queues.send(queue, body, Duration.ofSeconds(delay));
        return JSON.createObjectNode().put("MD5OfMessageBody", m.md5OfBody).put("MessageId", m.messageId);
    }

    private ObjectNode receive(String queue, JsonNode request) throws InterruptedException {
        int max = intIn(request, "MaxNumberOfMessages", 1, 1, 10);
        int visibility = intIn(request, "VisibilityTimeout", (int) SqsQueues.DEFAULT_VISIBILITY.toSeconds(), 0,
                MAX_VISIBILITY_SECONDS);
        int wait = intIn(request, "WaitTimeSeconds", 0, 0, MAX_WAIT_SECONDS);
        Set<String> wanted = new HashSet<>();
        for (String field : List.of("AttributeNames", "MessageSystemAttributeNames")) {
            request.path(field).forEach(n -> wanted.add(n.asText()));
        }
        beforeReceive.run();
        List<SqsQueues.Delivery> deliveries = queues.receive(queue, max, Duration.ofSeconds(visibility), Duration.ofSeconds(wait));
        ObjectNode answer = JSON.createObjectNode();
        if (deliveries.isEmpty()) {
            return answer;
        }
        ArrayNode messages = answer.putArray("Messages");
        for (SqsQueues.Delivery d : deliveries) {
            ObjectNode m = messages.addObject().put("MessageId", d.messageId()).put("ReceiptHandle", d.receiptHandle())
                    .put("MD5OfBody", d.md5OfBody()).put("Body", d.body());
            Map<String, String> all = Map.of(
                    "SentTimestamp", String.valueOf(d.sentAt().toEpochMilli()),
                    "ApproximateReceiveCount", String.valueOf(d.receiveCount()),
                    "ApproximateFirstReceiveTimestamp", String.valueOf(d.firstReceivedAt().toEpochMilli()),
                    "SenderId", config.accountId());
            ObjectNode attributes = JSON.createObjectNode();
            new TreeMap<>(all).forEach((k, v) -> {
                if (wanted.contains("All") || wanted.contains(k)) {
                    attributes.put(k, v);
                }
            });
            if (!attributes.isEmpty()) {
                m.set("Attributes", attributes);
            }
        }
        return answer;
    }

    private ObjectNode delete(String queue, JsonNode request) {
        if (!queues.delete(queue, required(request, "ReceiptHandle"))) {
            throw new SqsException(400, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid;Sender",
                    "The input receipt handle is invalid.");
        }
        return JSON.createObjectNode();
    }

    /** The queue name: the last path segment of a queue URL (the host is not checked, as the SDK routes by endpoint). */
    static String queueName(String queueUrl) {
        String trimmed = queueUrl.endsWith("/") ? queueUrl.substring(0, queueUrl.length() - 1) : queueUrl;
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        if (name.isEmpty() || !trimmed.contains("/")) {
            throw new SqsException(400, "InvalidAddress", "InvalidAddress;Sender", "The address " + queueUrl + " is not valid for this endpoint.");
        }
        return name;
    }

    private static String required(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw new SqsException(400, "MissingParameter", "MissingParameter;Sender",
                    "The request must contain the parameter " + field + ".");
        }
        return value.asText();
    }

    private static int intIn(JsonNode request, String field, int defaultValue, int min, int max) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw SqsException.invalidParameter("Value " + value.asText() + " for parameter " + field
                    + " is invalid. Reason: must be between " + min + " and " + max + ".");
        }
        return value.asInt();
    }

    private static Reply error(String operation, SortedMap<String, String> parameters, SqsException e) {
        ObjectNode body = JSON.createObjectNode().put("__type", "com.amazonaws.sqs#" + e.code).put("message", e.getMessage());
        try {
            return new Reply(operation, parameters, e.status, JSON.writeValueAsBytes(body), e.code, e.queryError);
        } catch (IOException io) {
            throw new IllegalStateException(io);
        }
    }
}
