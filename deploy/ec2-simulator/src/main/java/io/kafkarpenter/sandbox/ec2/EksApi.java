package io.kafkarpenter.sandbox.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The EKS operations the tag-reconciler calls, in EKS's REST-JSON protocol as the SDK v2 {@code EksClient} sends
 * them: {@code GET /clusters/{name}} (DescribeCluster), {@code GET|POST|DELETE /tags/{percent-encoded ARN}}
 * (ListTagsForResource, TagResource, UntagResource). Routed on the raw path (the ARN's {@code %2F} must not split it).
 * Errors are JSON {@code {"message":..}} with the code in the {@code x-amzn-ErrorType} header; a throttling fault is
 * 429 {@code ThrottlingException}, which the SDK retries.
 */
final class EksApi {
    private static final int MAX_TAGS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answered call: the operation name and parameters for the request log, and the HTTP answer. */
    record Reply(String operation, SortedMap<String, String> parameters, int status, byte[] body, String errorCode) {
    }

    private record EksError(int status, String code, String message) {
    }

    private static final class EksException extends RuntimeException {
        final EksError error;

        EksException(int status, String code, String message) {
            super(message);
            this.error = new EksError(status, code, message);
        }
    }

    private final Ec2State state;
    private final Faults faults;
    private final IamGate gate;
    private final ServiceAuthorization authorization;

    EksApi(Ec2State state, Faults faults, IamGate gate) {
        this.state = state;
        this.faults = faults;
        this.gate = gate;
        this.authorization = new ServiceAuthorization(state);
    }

    static boolean handles(String rawPath) {
        return rawPath.startsWith("/clusters/") || rawPath.startsWith("/tags/");
    }

    /** Answers one call of the caller with this access key id (null: no Authorization header). */
    Reply call(String method, String rawPath, String rawQuery, byte[] body, String accessKeyId) {
        SortedMap<String, String> parameters = new TreeMap<>();
        String operation = operation(method, rawPath);
        IamGate.Caller caller = gate.identify(accessKeyId).orElse(null);
        if (caller == null) {
            return error(operation == null ? method + " " + rawPath : operation, parameters, new EksError(403,
                    "UnrecognizedClientException", "The security token included in the request is invalid."));
        }
        if (operation == null) {
            return error(method + " " + rawPath, parameters, new EksError(404, "UnknownOperationException",
                    "No EKS operation for " + method + " " + rawPath));
        }
        try {
            String resource = decode(rawPath.substring(rawPath.indexOf('/', 1) + 1));
            parameters.put(operation.equals("DescribeCluster") ? "name" : "resourceArn", resource);
            List<String> tagKeys = queryValues(rawQuery, "tagKeys");
            for (int i = 0; i < tagKeys.size(); i++) {
                parameters.put("tagKeys." + (i + 1), tagKeys.get(i));
            }
            Map<String, String> tags = operation.equals("TagResource") ? tagsOf(body) : Map.of();
            tags.forEach((k, v) -> parameters.put("tags." + k, v));

            Ec2Api.sleep(faults.latencyFor(operation));
            Ec2Error injected = faults.beforeHandling(operation);
            if (injected != null) {
                return error(operation, parameters, injected.isThrottling()
                        ? new EksError(429, "ThrottlingException", "Rate exceeded")
                        : new EksError(injected.httpStatus(), injected.code(), injected.getMessage()));
            }
            ObjectNode answer;
            synchronized (state) {
                if (!caller.admin()) {
                    gate.authorize(caller, authorization.eks(operation, resource, tags, tagKeys)).ifPresent(denial -> {
                        throw new EksException(403, "AccessDeniedException", denial.message());
                    });
                }
                answer = switch (operation) {
                    case "DescribeCluster" -> describeCluster(resource);
                    case "ListTagsForResource" -> JSON.createObjectNode().set("tags", JSON.valueToTree(cluster(resource).tags));
                    case "TagResource" -> tagResource(cluster(resource), tags);
                    default -> untagResource(cluster(resource), tagKeys);
                };
            }
            return new Reply(operation, parameters, 200, JSON.writeValueAsBytes(answer), null);
        } catch (EksException e) {
            return error(operation, parameters, e.error);
        } catch (IOException | RuntimeException e) {
            return error(operation, parameters, new EksError(500, "ServerException", "Internal error: " + e));
        }
    }

    private static String operation(String method, String rawPath) {
        String[] segments = rawPath.split("/", -1);
        if (segments.length != 3 || segments[2].isEmpty()) {
            return null;
        }
        if (segments[1].equals("clusters")) {
            return method.equals("GET") ? "DescribeCluster" : null;
        }
        return switch (method) {
            case "GET" -> "ListTagsForResource";
            case "POST" -> "TagResource";
            case "DELETE" -> "UntagResource";
            default -> null;
        };
    }

    private ObjectNode describeCluster(String name) {
        EksCluster c = state.cluster;
        if (!c.name.equals(name)) {
            throw new EksException(404, "ResourceNotFoundException", "No cluster found for name: " + name + ".");
        }
        ObjectNode cluster = JSON.createObjectNode();
        cluster.put("name", c.name).put("arn", c.arn).put("createdAt", c.createdAt.getEpochSecond())
                .put("version", c.version).put("endpoint", c.endpoint)
                .put("roleArn", "arn:aws:iam::" + state.config.accountId() + ":role/eks-cluster-role-" + c.name)
                .put("status", "ACTIVE").put("platformVersion", "eks.10");
        ObjectNode vpc = cluster.putObject("resourcesVpcConfig");
        vpc.set("subnetIds", JSON.valueToTree(c.subnetIds));
        vpc.putArray("securityGroupIds");
        vpc.put("clusterSecurityGroupId", c.clusterSecurityGroupId).put("vpcId", c.vpcId)
                .put("endpointPublicAccess", true).put("endpointPrivateAccess", true);
        vpc.putArray("publicAccessCidrs").add("0.0.0.0/0");
        cluster.putObject("kubernetesNetworkConfig").put("serviceIpv4Cidr", "172.20.0.0/16").put("ipFamily", "ipv4");
        cluster.putObject("certificateAuthority").put("data", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==");
        cluster.putObject("accessConfig").put("authenticationMode", "API_AND_CONFIG_MAP");
        cluster.set("tags", JSON.valueToTree(c.tags));
        ObjectNode answer = JSON.createObjectNode();
        answer.set("cluster", cluster);
        return answer;
    }

    private EksCluster cluster(String arn) {
        if (!state.cluster.arn.equals(arn)) {
            throw new EksException(404, "NotFoundException", "Resource " + arn + " could not be found.");
        }
        return state.cluster;
    }

    private static ObjectNode tagResource(EksCluster cluster, Map<String, String> tags) {
        if (tags.isEmpty()) {
            throw new EksException(400, "BadRequestException", "tags: at least one tag is required");
        }
        for (String key : tags.keySet()) {
            if (key.isEmpty() || key.length() > 128 || key.toLowerCase().startsWith("aws:")) {
                throw new EksException(400, "BadRequestException", "Invalid tag key: " + key);
            }
        }
        Map<String, String> after = new LinkedHashMap<>(cluster.tags);
        after.putAll(tags);
        if (after.size() > MAX_TAGS) {
            throw new EksException(400, "BadRequestException", "A resource can have at most " + MAX_TAGS + " tags.");
        }
        cluster.tags.putAll(tags);
        return JSON.createObjectNode();
    }

    private static ObjectNode untagResource(EksCluster cluster, List<String> tagKeys) {
        if (tagKeys.isEmpty()) {
            throw new EksException(400, "BadRequestException", "tagKeys: at least one tag key is required");
        }
        tagKeys.forEach(cluster.tags::remove);
        return JSON.createObjectNode();
    }

    private static Map<String, String> tagsOf(byte[] body) throws IOException {
        JsonNode tags;
        try {
            tags = body.length == 0 ? null : JSON.readTree(body).get("tags");
        } catch (IOException e) {
            throw new EksException(400, "BadRequestException", "The request body is not valid JSON: " + e.getMessage());
        }
        if (tags == null || !tags.isObject()) {
            throw new EksException(400, "BadRequestException", "tags: a map of tags is required");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            result.put(e.getKey(), e.getValue().asText());
        }
        return result;
    }

    private static List<String> queryValues(String rawQuery, String name) {
        List<String> values = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && decode(pair.substring(0, eq)).equals(name)) {
                values.add(decode(pair.substring(eq + 1)));
            }
        }
        return values;
    }

    /** Percent-decoding of a path segment or query value ({@code +} stays a plus in a path). */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Reply error(String operation, SortedMap<String, String> parameters, EksError e) {
        ObjectNode body = JSON.createObjectNode().put("message", e.message());
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException ex) {
            bytes = new byte[0];
        }
        return new Reply(operation, parameters, e.status(), bytes, e.code());
    }
}
