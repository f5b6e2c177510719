package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.iam.AuthorizationRequest;
import io.kafkarpenter.sandbox.iam.Decision;
import io.kafkarpenter.sandbox.iam.IamConfig;
import io.kafkarpenter.sandbox.iam.IamEvaluator;
import io.kafkarpenter.sandbox.iam.IamPolicy;
import io.kafkarpenter.sandbox.iam.IamUsage;
import io.kafkarpenter.sandbox.iam.StatementRef;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may do what: identifies the caller by the access key id in the SigV4 {@code Authorization} header (the
 * signature is not verified) and evaluates its identity policy for every (action, resource, context) pair a call
 * needs ({@link Ec2Authorization}, {@link ServiceAuthorization}), recording the statements that allowed it. Without
 * {@code iam.enforce} every caller is an admin and nothing is evaluated or recorded.
 */
final class IamGate implements AutoCloseable {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

    /** The caller: an admin (no policy: allowed everything) or a key governed by one policy. */
    record Caller(String accessKeyId, IamPolicy policy) {
        boolean admin() {
            return policy == null;
        }
    }

    /** The first pair of a call that its caller's policy does not allow. */
    record Denial(Caller caller, AuthorizationRequest request, boolean explicit, String accountId) {
        /** IAM's wording: {@code User: <assumed-role ARN> is not authorized to perform: <action> on resource: <arn> because ...}. */
        String message() {
            return "User: arn:aws:sts::" + accountId + ":assumed-role/" + caller.policy().name() + "/" + caller.accessKeyId()
                    + " is not authorized to perform: " + request.action() + " on resource: " + request.resourceArn()
                    + (explicit ? " with an explicit deny in an identity-based policy"
                            : " because no identity-based policy allows the " + request.action() + " action");
        }
    }

    private static final Caller ANYONE = new Caller(null, null);

    private final IamConfig config;
    private final String accountId;
    private final Map<String, IamPolicy> policies = new LinkedHashMap<>();
    private final IamUsage usage;

    IamGate(Ec2SimulatorConfig simulator) {
        this.config = simulator.iam();
        this.accountId = simulator.accountId();
        Map<String, String> variables = variables(simulator);
        config.policies().forEach((key, file) -> policies.put(key, IamPolicy.read(Path.of(file), variables)));
        this.usage = new IamUsage(config.enforce() && config.usageDir() != null ? Path.of(config.usageDir()) : null);
    }

    /** {@code ${AWS::Partition}} (aws), {@code ${AWS::Region}}, {@code ${AWS::AccountId}}, {@code ${ClusterName}}, then {@code iam.variables}. */
    static Map<String, String> variables(Ec2SimulatorConfig simulator) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS::Partition", "aws");
        variables.put("AWS::Region", simulator.region());
        variables.put("AWS::AccountId", simulator.accountId());
        variables.put("ClusterName", simulator.clusterName());
        variables.putAll(simulator.iam().variables());
        return variables;
    }

    /** The access key id of {@code Credential=<key>/...} in a SigV4 Authorization header, or null. */
    static String accessKeyId(String authorizationHeader) {
        if (authorizationHeader == null) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(authorizationHeader);
        return m.find() ? m.group(1) : null;
    }

    /** The caller, or empty when enforcing and the key is neither an admin key nor mapped to a policy. */
    Optional<Caller> identify(String accessKeyId) {
        if (!config.enforce()) {
            return Optional.of(ANYONE);
        }
        if (accessKeyId == null) {
            return Optional.empty();
        }
        if (config.adminKeys().contains(accessKeyId)) {
            return Optional.of(new Caller(accessKeyId, null));
        }
        IamPolicy policy = policies.get(accessKeyId);
        return policy == null ? Optional.empty() : Optional.of(new Caller(accessKeyId, policy));
    }

    /**
     * Evaluates every pair; empty when all are allowed (then the allowing statements are recorded), else the first
     * pair that is not. An admin is allowed without evaluation.
     */
    Optional<Denial> authorize(Caller caller, List<AuthorizationRequest> pairs) {
        if (caller.admin()) {
            return Optional.empty();
        }
        List<Decision> decisions = new java.util.ArrayList<>();
        for (AuthorizationRequest pair : pairs) {
            Decision d = IamEvaluator.decide(caller.policy(), pair);
            if (!d.allowed()) {
                return Optional.of(new Denial(caller, pair, d.outcome() == Decision.Outcome.EXPLICIT_DENY, accountId));
            }
            decisions.add(d);
        }
        for (Decision d : decisions) {
            d.sids().forEach(sid -> usage.record(new StatementRef(caller.policy().name(), sid)));
        }
        return Optional.empty();
    }

    /** The statements that allowed a call so far (this simulator). */
    Set<StatementRef> used() {
        return usage.used();
    }

    Path usageFile() {
        return usage.file();
    }

    @Override
    public void close() {
        usage.close();
    }
}
