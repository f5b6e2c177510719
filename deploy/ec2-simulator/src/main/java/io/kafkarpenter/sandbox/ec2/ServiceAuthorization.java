package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.iam.AuthorizationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The (action, resource ARN, context) pairs IAM authorizes for the IAM instance-profile calls and the EKS calls the
 * simulator serves, built from the request and the current state before anything changes. See DESIGN.md "IAM".
 */
final class ServiceAuthorization {
    /** IAM is global: its calls are made in us-east-1 ({@code aws:RequestedRegion}). */
    private static final String IAM_REGION = "us-east-1";

    private final Ec2State state;

    ServiceAuthorization(Ec2State state) {
        this.state = state;
    }

    // ---------------------------------------------------------------- IAM

    List<AuthorizationRequest> iam(String action, QueryRequest request) {
        String iamAction = "iam:" + action;
        String profileName = request.string("InstanceProfileName");
        return switch (action) {
            case "CreateInstanceProfile" -> {
                if (profileName == null) {
                    yield List.of();
                }
                Map<String, List<String>> context = iamContext();
                Ec2Authorization.requestTags(context, iamTags(request));
                String path = request.optional("Path").orElse("/");
                yield List.of(new AuthorizationRequest(iamAction, profileArn(path, profileName), context));
            }
            case "TagInstanceProfile" -> profileName == null ? List.of()
                    : List.of(onProfile(iamAction, profileName, iamTags(request)));
            case "AddRoleToInstanceProfile" -> {
                if (profileName == null || request.string("RoleName") == null) {
                    yield List.of();
                }
                List<AuthorizationRequest> pairs = new ArrayList<>();
                pairs.add(onProfile(iamAction, profileName, Map.of()));
                Map<String, List<String>> context = iamContext();
                context.put("iam:PassedToService", List.of("ec2.amazonaws.com"));
                pairs.add(new AuthorizationRequest("iam:PassRole", roleArn(request.string("RoleName")), context));
                yield pairs;
            }
            case "RemoveRoleFromInstanceProfile", "DeleteInstanceProfile", "GetInstanceProfile" ->
                    profileName == null ? List.of() : List.of(onProfile(iamAction, profileName, Map.of()));
            case "GetRole" -> request.string("RoleName") == null ? List.of()
                    : List.of(new AuthorizationRequest(iamAction, roleArn(request.string("RoleName")), iamContext()));
            default -> List.of(new AuthorizationRequest(iamAction, "*", iamContext()));
        };
    }

    private Map<String, List<String>> iamContext() {
        Map<String, List<String>> context = new LinkedHashMap<>();
        context.put("aws:RequestedRegion", List.of(IAM_REGION));
        return context;
    }

    private String profileArn(String path, String name) {
        return "arn:" + Ec2Authorization.PARTITION + ":iam::" + state.config.accountId() + ":instance-profile" + path + name;
    }

    private String roleArn(String name) {
        IamAccount.Role role = state.iam.role(name);
        return role != null ? role.arn : "arn:" + Ec2Authorization.PARTITION + ":iam::" + state.config.accountId() + ":role/" + name;
    }

    /** A pair on an instance profile: its ARN (with its path when it exists) and tags, plus request tags. */
    private AuthorizationRequest onProfile(String action, String name, Map<String, String> requestTags) {
        Map<String, List<String>> context = iamContext();
        IamAccount.Profile profile = state.iam.profile(name);
        if (profile != null) {
            profile.tags.forEach((k, v) -> context.put("aws:ResourceTag/" + k, List.of(v)));
        }
        Ec2Authorization.requestTags(context, requestTags);
        return new AuthorizationRequest(action, profile != null ? profile.arn : profileArn("/", name), context);
    }

    private static Map<String, String> iamTags(QueryRequest request) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryRequest tag : request.structs("Tags.member")) {
            if (tag.string("Key") != null) {
                tags.put(tag.string("Key"), tag.optional("Value").orElse(""));
            }
        }
        return tags;
    }

    // ---------------------------------------------------------------- EKS

    /**
     * @param resource the cluster name (DescribeCluster) or the resource ARN (the tag operations)
     * @param tags     TagResource's tags
     * @param tagKeys  UntagResource's keys
     */
    List<AuthorizationRequest> eks(String operation, String resource, Map<String, String> tags, List<String> tagKeys) {
        EksCluster cluster = state.cluster;
        String arn = operation.equals("DescribeCluster")
                ? "arn:" + Ec2Authorization.PARTITION + ":eks:" + state.config.region() + ":" + state.config.accountId()
                        + ":cluster/" + resource
                : resource;
        Map<String, List<String>> context = new LinkedHashMap<>();
        context.put("aws:RequestedRegion", List.of(state.config.region()));
        if (arn.equals(cluster.arn)) {
            cluster.tags.forEach((k, v) -> context.put("aws:ResourceTag/" + k, List.of(v)));
        }
        Ec2Authorization.requestTags(context, tags);
        if (!tagKeys.isEmpty()) {
            context.put("aws:TagKeys", List.copyOf(tagKeys));
        }
        return List.of(new AuthorizationRequest("eks:" + operation, arn, context));
    }
}
