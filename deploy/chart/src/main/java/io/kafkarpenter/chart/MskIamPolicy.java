package io.kafkarpenter.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One service's IAM identity policy for Amazon MSK with IAM access control ({@link MskIamPolicies} derives it from
 * the service's Kafka ACLs). Resource ARNs hold the CloudFormation-style variables {@code ${AWS::Partition}},
 * {@code ${AWS::Region}}, {@code ${AWS::AccountId}}, {@code ${MskClusterName}} and {@code ${MskClusterUuid}};
 * {@link #toJson()} keeps them (the checked-in {@code deploy/iam/msk/<service>.json}), {@link #forCluster} replaces
 * them with one cluster's values.
 *
 * @param service    the chart's service name ({@code launcher})
 * @param statements in document order, every one with a Sid
 */
public record MskIamPolicy(String service, List<Statement> statements) {

    /** The MSK cluster ARN as AWS documents it for IAM access control, with the cluster's name and UUID. */
    public static final String CLUSTER_ARN =
        "arn:${AWS::Partition}:kafka:${AWS::Region}:${AWS::AccountId}:cluster/${MskClusterName}/${MskClusterUuid}";
    /** Followed by a topic name (or a prefix and {@code *}). */
    public static final String TOPIC_ARN_PREFIX =
        "arn:${AWS::Partition}:kafka:${AWS::Region}:${AWS::AccountId}:topic/${MskClusterName}/${MskClusterUuid}/";
    /** Followed by a consumer group id (or a prefix and {@code *}). */
    public static final String GROUP_ARN_PREFIX =
        "arn:${AWS::Partition}:kafka:${AWS::Region}:${AWS::AccountId}:group/${MskClusterName}/${MskClusterUuid}/";

    /** {@code arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>}, as {@code aws kafka list-clusters}. */
    private static final Pattern CLUSTER_ARN_PATTERN =
        Pattern.compile("arn:([a-z0-9-]+):kafka:([a-z0-9-]+):([0-9]{12}):cluster/([^/]+)/([^/]+)");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One Allow statement. */
    public record Statement(String sid, List<String> actions, List<String> resources) {
        public Statement {
            if (!sid.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("a Sid is letters and digits: " + sid);
            }
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }
    }

    public MskIamPolicy {
        statements = List.copyOf(statements);
    }

    /** The statement with this Sid; fails when there is none. */
    public Statement statement(String sid) {
        return statements.stream().filter(s -> s.sid().equals(sid)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(service + " has no statement " + sid));
    }

    /**
     * The policy document, two-space indented, one action or resource a line, ending with a newline: the content of
     * {@code deploy/iam/msk/<service>.json}.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("Version", "2012-10-17");
        ArrayNode list = root.putArray("Statement");
        for (Statement s : statements) {
            ObjectNode node = list.addObject();
            node.put("Sid", s.sid());
            node.put("Effect", "Allow");
            s.actions().forEach(node.putArray("Action")::add);
            s.resources().forEach(node.putArray("Resource")::add);
        }
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(indenter);
        printer.indentArraysWith(indenter);
        try {
            return JSON.writer(printer).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #toJson()} for one cluster: the variables replaced by the parts of its ARN
     * ({@code arn:aws:kafka:eu-west-1:123456789012:cluster/my-cluster/0a1b2c3d-...-1}), ready for
     * {@code aws iam put-role-policy}.
     */
    public String forCluster(String clusterArn) {
        String json = toJson();
        for (Map.Entry<String, String> variable : clusterVariables(clusterArn).entrySet()) {
            json = json.replace("${" + variable.getKey() + "}", variable.getValue());
        }
        return json;
    }

    /** The values of the five variables in an MSK cluster ARN; fails with the expected form otherwise. */
    public static Map<String, String> clusterVariables(String clusterArn) {
        Matcher m = CLUSTER_ARN_PATTERN.matcher(clusterArn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an MSK cluster ARN: " + clusterArn
                + " (expected arn:<partition>:kafka:<region>:<12-digit account>:cluster/<name>/<uuid>)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("AWS::Partition", m.group(1));
        values.put("AWS::Region", m.group(2));
        values.put("AWS::AccountId", m.group(3));
        values.put("MskClusterName", m.group(4));
        values.put("MskClusterUuid", m.group(5));
        return values;
    }
}
