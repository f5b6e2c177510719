package io.kafkarpenter.sandbox.iam;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One IAM identity policy document: {@code Version} {@code 2012-10-17} and {@code Statement} (one object or a list),
 * each statement with a mandatory {@code Sid} (unique in the document, letters and digits, as IAM allows), {@code Effect}
 * {@code Allow|Deny}, {@code Action} or {@code NotAction}, {@code Resource} or {@code NotResource} (a string or a list)
 * and an optional {@code Condition} of the operators {@link ConditionOperator} supports.
 *
 * <p>{@code ${Name}} variables are replaced before parsing from the map given ({@code ${AWS::Partition}},
 * {@code ${AWS::Region}}, {@code ${AWS::AccountId}}, {@code ${ClusterName}}, ... — the simulator provides them); a
 * variable not in the map is an error. Every error names the source (file) and, once known, the statement's Sid.
 *
 * @param name       the policy's name in messages and usage records: the file name without {@code .json}
 * @param statements in document order
 */
public record IamPolicy(String name, List<Statement> statements) {
    public enum Effect { ALLOW, DENY }

    /**
     * One condition test: {@code "operator": {"key": values}}.
     *
     * @param operator as written in the policy, e.g. {@code ForAllValues:StringEquals}
     * @param key      the condition key as written (compared case-insensitively)
     * @param values   the policy values (one or more)
     */
    public record Condition(String operator, String key, List<String> values) {
        public Condition {
            values = List.copyOf(values);
        }

        ConditionOperator parsedOperator() {
            return ConditionOperator.parse(operator).orElseThrow();
        }
    }

    /**
     * @param notAction   {@code actions} came from {@code NotAction}
     * @param notResource {@code resources} came from {@code NotResource}
     */
    public record Statement(String sid, Effect effect, List<String> actions, boolean notAction, List<String> resources,
                            boolean notResource, List<Condition> conditions) {
        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
            conditions = List.copyOf(conditions);
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9]+");
    private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Condition");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public IamPolicy {
        statements = List.copyOf(statements);
    }

    /** Reads a policy file; its name is the file name without {@code .json}. */
    public static IamPolicy read(Path file, Map<String, String> variables) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("IAM policy " + file + ": cannot read it: " + e.getMessage(), e);
        }
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return parse(name, file.toString(), text, variables);
    }

    /** Parses a document; {@code source} names it in errors (a file name, or the policy name). */
    public static IamPolicy parse(String name, String source, String json, Map<String, String> variables) {
        String substituted = substitute(json, variables, source);
        JsonNode root;
        try {
            root = JSON.readTree(substituted);
        } catch (JsonProcessingException e) {
            throw error(source, null, "not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw error(source, null, "a policy document is a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("Version") && !field.equals("Statement") && !field.equals("Id")) {
                throw error(source, null, "unknown top-level element '" + field + "' (Version, Id, Statement)");
            }
        }
        JsonNode version = root.get("Version");
        if (version == null || !"2012-10-17".equals(version.asText())) {
            throw error(source, null, "Version must be \"2012-10-17\" (the version policy variables need)");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || !(statementNode.isObject() || statementNode.isArray()) || statementNode.isEmpty()) {
            throw error(source, null, "Statement must be a statement object or a non-empty list of them");
        }
        List<Statement> statements = new ArrayList<>();
        Set<String> sids = new HashSet<>();
        int index = 0;
        for (JsonNode s : statementNode.isArray() ? statementNode : List.of(statementNode)) {
            index++;
            Statement statement = statement(source, index, s);
            if (!sids.add(statement.sid())) {
                throw error(source, statement.sid(), "the Sid is used by more than one statement (usage is recorded by Sid)");
            }
            statements.add(statement);
        }
        return new IamPolicy(name, statements);
    }

    /** Replaces every {@code ${Name}}; a name missing from the map is an error naming the source and line. */
    public static String substitute(String text, Map<String, String> variables, String source) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                long line = text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                throw error(source, null, "unknown variable ${" + m.group(1) + "} (line " + line + "; known: "
                        + new java.util.TreeSet<>(variables.keySet()) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every statement as a {@link StatementRef} of this policy, in document order. */
    public List<StatementRef> statementRefs() {
        return statements.stream().map(s -> new StatementRef(name, s.sid())).toList();
    }

    private static Statement statement(String source, int index, JsonNode s) {
        if (!s.isObject()) {
            throw error(source, null, "statement #" + index + " is not a JSON object");
        }
        JsonNode sidNode = s.get("Sid");
        if (sidNode == null || !sidNode.isTextual() || sidNode.asText().isEmpty()) {
            throw error(source, null, "statement #" + index + " has no Sid (every statement needs one: usage is recorded by Sid)");
        }
        String sid = sidNode.asText();
        if (!SID.matcher(sid).matches()) {
            throw error(source, sid, "a Sid is letters and digits only");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!STATEMENT_FIELDS.contains(field)) {
                throw error(source, sid, "unsupported element '" + field + "' (identity policies: " + STATEMENT_FIELDS + ")");
            }
        }
        Effect effect = switch (String.valueOf(s.path("Effect").textValue())) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw error(source, sid, "Effect must be \"Allow\" or \"Deny\", was " + s.get("Effect"));
        };
        boolean notAction = exactlyOne(source, sid, s, "Action", "NotAction");
        List<String> actions = strings(source, sid, s.get(notAction ? "NotAction" : "Action"), notAction ? "NotAction" : "Action");
        for (String action : actions) {
            if (!action.equals("*") && !action.matches("[A-Za-z0-9-]+:[A-Za-z0-9*?]+")) {
                throw error(source, sid, "action '" + action + "' is not service:Name");
            }
        }
        boolean notResource = exactlyOne(source, sid, s, "Resource", "NotResource");
        List<String> resources = strings(source, sid, s.get(notResource ? "NotResource" : "Resource"),
                notResource ? "NotResource" : "Resource");
        for (String resource : resources) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw error(source, sid, "resource '" + resource + "' is neither * nor an ARN");
            }
        }
        return new Statement(sid, effect, actions, notAction, resources, notResource, conditions(source, sid, s.get("Condition")));
    }

    private static boolean exactlyOne(String source, String sid, JsonNode s, String positive, String negative) {
        boolean hasPositive = s.has(positive);
        boolean hasNegative = s.has(negative);
        if (hasPositive == hasNegative) {
            throw error(source, sid, "exactly one of " + positive + " and " + negative + " is needed");
        }
        return hasNegative;
    }

    private static List<String> strings(String source, String sid, JsonNode node, String element) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isTextual()) {
            values.add(node.asText());
        } else if (node != null && node.isArray()) {
            for (JsonNode v : node) {
                if (!v.isTextual()) {
                    throw error(source, sid, element + " must hold strings, found " + v);
                }
                values.add(v.asText());
            }
        }
        if (values.isEmpty()) {
            throw error(source, sid, element + " must be a string or a non-empty list of strings");
        }
        return values;
    }

    private static List<Condition> conditions(String source, String sid, JsonNode node) {
        List<Condition> conditions = new ArrayList<>();
        if (node == null) {
            return conditions;
        }
        if (!node.isObject()) {
            throw error(source, sid, "Condition must be an object of operator -> {key: values}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> ops = node.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            ConditionOperator operator = ConditionOperator.parse(op.getKey()).orElseThrow(() -> error(source, sid,
                    "unsupported condition operator '" + op.getKey() + "' (supported: " + ConditionOperator.SUPPORTED + ")"));
            if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                throw error(source, sid, "condition " + op.getKey() + " must be an object of key -> value(s)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                List<String> values = strings(source, sid, key.getValue(), op.getKey() + " " + key.getKey());
                if (operator.base() == ConditionOperator.Base.NULL) {
                    for (String v : values) {
                        String lower = v.toLowerCase(Locale.ROOT);
                        if (!lower.equals("true") && !lower.equals("false")) {
                            throw error(source, sid, "Null " + key.getKey() + " must be \"true\" or \"false\", was \"" + v + "\"");
                        }
                    }
                }
                conditions.add(new Condition(op.getKey(), key.getKey(), values));
            }
        }
        return conditions;
    }

    private static IllegalArgumentException error(String source, String sid, String message) {
        return new IllegalArgumentException("IAM policy " + source + (sid == null ? "" : ", statement " + sid) + ": " + message);
    }
}
