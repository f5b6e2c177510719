package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.LaunchTemplate;
import io.kafkarpenter.sandbox.ec2.Resources.Subnet;
import io.kafkarpenter.sandbox.ec2.Resources.Taggable;
import io.kafkarpenter.sandbox.iam.AuthorizationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The (action, resource ARN, context) pairs IAM authorizes for one EC2 call, built from the request and the current
 * state (read under the state lock, before anything changes). Every pair carries {@code aws:RequestedRegion} and
 * {@code ec2:Region}. See DESIGN.md "IAM" for the table.
 */
final class Ec2Authorization {
    static final String PARTITION = "aws";
    /** The resource types a CreateFleet creates whose request tags are checked (SAR: fleet*, instance*, volume). */
    private static final List<String> FLEET_CREATES = List.of("fleet", "instance", "volume");

    private final Ec2State state;

    Ec2Authorization(Ec2State state) {
        this.state = state;
    }

    List<AuthorizationRequest> pairs(String action, QueryRequest request) {
        String ec2Action = "ec2:" + action;
        if (action.startsWith("Describe")) {
            return List.of(new AuthorizationRequest(ec2Action, "*", common()));
        }
        return switch (action) {
            case "CreateFleet" -> createFleet(request);
            case "CreateLaunchTemplate" -> createLaunchTemplate(request);
            case "DeleteLaunchTemplate" -> deleteLaunchTemplate(request);
            case "TerminateInstances" -> request.list("InstanceId").stream()
                    .map(id -> existing(ec2Action, id, Map.of())).toList();
            case "CreateTags" -> tagging(ec2Action, request, true);
            case "DeleteTags" -> tagging(ec2Action, request, false);
            default -> List.of(new AuthorizationRequest(ec2Action, "*", common()));
        };
    }

    private Map<String, List<String>> common() {
        Map<String, List<String>> context = new LinkedHashMap<>();
        context.put("aws:RequestedRegion", List.of(state.config.region()));
        context.put("ec2:Region", List.of(state.config.region()));
        return context;
    }

    String arn(String resourceType, String id) {
        String account = resourceType.equals("image") || resourceType.equals("snapshot") ? "" : state.config.accountId();
        return "arn:" + PARTITION + ":ec2:" + state.config.region() + ":" + account + ":" + resourceType + "/" + id;
    }

    /** The ARN of an id the state may not know (then its type is read from the id's prefix). */
    private String arnOf(String id) {
        Taggable t = state.taggable(id);
        if (t != null) {
            return arn(t.resourceType(), id);
        }
        String prefix = id.contains("-") ? id.substring(0, id.indexOf('-')) : "";
        String type = switch (prefix) {
            case "i" -> "instance";
            case "sg" -> "security-group";
            case "ami" -> "image";
            case "lt" -> "launch-template";
            case "rtb" -> "route-table";
            case "subnet", "vpc", "fleet" -> prefix;
            default -> "unknown";
        };
        return arn(type, id);
    }

    /** A pair on an existing resource (by id): its tags as {@code aws:ResourceTag/k} and {@code ec2:ResourceTag/k}. */
    private AuthorizationRequest existing(String action, String id, Map<String, List<String>> extra) {
        Map<String, List<String>> context = common();
        Taggable t = state.taggable(id);
        if (t != null) {
            resourceTags(context, t.tags);
        }
        context.putAll(extra);
        return new AuthorizationRequest(action, arnOf(id), context);
    }

    private static void resourceTags(Map<String, List<String>> context, Map<String, String> tags) {
        tags.forEach((k, v) -> {
            context.put("aws:ResourceTag/" + k, List.of(v));
            context.put("ec2:ResourceTag/" + k, List.of(v));
        });
    }

    static void requestTags(Map<String, List<String>> context, Map<String, String> tags) {
        tags.forEach((k, v) -> context.put("aws:RequestTag/" + k, List.of(v)));
        if (!tags.isEmpty()) {
            context.put("aws:TagKeys", List.copyOf(tags.keySet()));
        }
    }

    /** {@code TagSpecification.N} tags of one resource type. */
    private static Map<String, String> tagSpecification(QueryRequest request, String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryRequest spec : request.structs("TagSpecification")) {
            if (resourceType.equals(spec.string("ResourceType"))) {
                for (QueryRequest tag : spec.structs("Tag")) {
                    if (tag.string("Key") != null) {
                        tags.put(tag.string("Key"), tag.optional("Value").orElse(""));
                    }
                }
            }
        }
        return tags;
    }

    /** The pair on a resource the call creates ({@code type/*}) with its request tags. */
    private AuthorizationRequest created(String action, String resourceType, Map<String, String> tags) {
        Map<String, List<String>> context = common();
        requestTags(context, tags);
        return new AuthorizationRequest(action, arn(resourceType, "*"), context);
    }

    /** Tag-on-create: {@code ec2:CreateTags} on the new resource with {@code ec2:CreateAction}, only when tagged. */
    private void tagOnCreate(List<AuthorizationRequest> pairs, String createAction, String resourceType, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        Map<String, List<String>> context = common();
        requestTags(context, tags);
        context.put("ec2:CreateAction", List.of(createAction));
        pairs.add(new AuthorizationRequest("ec2:CreateTags", arn(resourceType, "*"), context));
    }

    private List<AuthorizationRequest> createFleet(QueryRequest request) {
        String action = "ec2:CreateFleet";
        List<AuthorizationRequest> pairs = new ArrayList<>();
        for (String type : FLEET_CREATES) {
            pairs.add(created(action, type, tagSpecification(request, type)));
        }
        Set<LaunchTemplate> templates = new LinkedHashSet<>();
        Set<String> images = new LinkedHashSet<>();
        Set<String> subnets = new LinkedHashSet<>();
        Set<String> securityGroups = new LinkedHashSet<>();
        for (QueryRequest config : request.structs("LaunchTemplateConfigs")) {
            QueryRequest spec = config.struct("LaunchTemplateSpecification");
            LaunchTemplate template = state.findLaunchTemplate(new FleetModel.LaunchTemplateRef(
                    spec.string("LaunchTemplateId"), spec.string("LaunchTemplateName"), spec.string("Version")));
            if (template != null) {
                templates.add(template);
                securityGroups.addAll(template.securityGroupIds());
            }
            List<QueryRequest> overrides = config.structs("Overrides");
            for (QueryRequest o : overrides.isEmpty() ? List.of(QueryRequest.of(Map.of())) : overrides) {
                String image = o.string("ImageId") != null ? o.string("ImageId") : template == null ? null : template.imageId();
                if (image != null) {
                    images.add(image);
                }
                String subnet = o.string("SubnetId") != null ? o.string("SubnetId") : subnetIn(o.string("AvailabilityZone"));
                if (subnet != null) {
                    subnets.add(subnet);
                }
            }
        }
        templates.forEach(t -> pairs.add(existing(action, t.id, Map.of())));
        images.forEach(id -> pairs.add(existing(action, id, Map.of())));
        subnets.forEach(id -> pairs.add(existing(action, id, Map.of())));
        securityGroups.forEach(id -> pairs.add(existing(action, id, Map.of())));
        for (String type : FLEET_CREATES) {
            tagOnCreate(pairs, "CreateFleet", type, tagSpecification(request, type));
        }
        templates.forEach(t -> passRole(pairs, t));
        return pairs;
    }

    /** The subnet CreateFleet picks for an override with only a zone (or none): the first one there. */
    private String subnetIn(String zone) {
        for (Subnet s : state.subnets.values()) {
            if (zone == null || s.zone.equals(zone)) {
                return s.id;
            }
        }
        return null;
    }

    /** Launching with an instance profile passes its role to EC2: {@code iam:PassRole} with {@code iam:PassedToService}. */
    private void passRole(List<AuthorizationRequest> pairs, LaunchTemplate template) {
        QueryRequest profileSpec = template.data.struct("IamInstanceProfile");
        String name = profileSpec.string("Name");
        if (name == null && profileSpec.string("Arn") != null) {
            String arn = profileSpec.string("Arn");
            name = arn.substring(arn.lastIndexOf('/') + 1);
        }
        IamAccount.Profile profile = name == null ? null : state.iam.profile(name);
        if (profile == null) {
            return;
        }
        for (IamAccount.Role role : profile.roles) {
            pairs.add(new AuthorizationRequest("iam:PassRole", role.arn,
                    Map.of("iam:PassedToService", List.of("ec2.amazonaws.com"))));
        }
    }

    private List<AuthorizationRequest> createLaunchTemplate(QueryRequest request) {
        Map<String, String> tags = tagSpecification(request, "launch-template");
        List<AuthorizationRequest> pairs = new ArrayList<>();
        pairs.add(created("ec2:CreateLaunchTemplate", "launch-template", tags));
        tagOnCreate(pairs, "CreateLaunchTemplate", "launch-template", tags);
        return pairs;
    }

    private List<AuthorizationRequest> deleteLaunchTemplate(QueryRequest request) {
        String id = request.string("LaunchTemplateId");
        if (id == null && request.string("LaunchTemplateName") != null) {
            LaunchTemplate t = state.launchTemplateByName(request.string("LaunchTemplateName"));
            id = t == null ? null : t.id;
        }
        // an unknown name: nothing to authorize against, the handler answers NotFound
        return id == null ? List.of() : List.of(existing("ec2:DeleteLaunchTemplate", id, Map.of()));
    }

    /**
     * CreateTags / DeleteTags: one pair per resource with its current tags and the request's tags. DeleteTags names
     * keys (and maybe values): {@code aws:TagKeys} = the keys, {@code aws:RequestTag/k} only where a value is given;
     * without any Tag it deletes every tag, so {@code aws:TagKeys} = the resource's current keys.
     */
    private List<AuthorizationRequest> tagging(String action, QueryRequest request, boolean create) {
        Map<String, String> withValues = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (QueryRequest tag : request.structs("Tag")) {
            String key = tag.string("Key");
            if (key == null) {
                continue;
            }
            keys.add(key);
            if (create || tag.string("Value") != null) {
                withValues.put(key, tag.optional("Value").orElse(""));
            }
        }
        List<AuthorizationRequest> pairs = new ArrayList<>();
        for (String id : request.list("ResourceId")) {
            Map<String, List<String>> extra = new LinkedHashMap<>();
            withValues.forEach((k, v) -> extra.put("aws:RequestTag/" + k, List.of(v)));
            List<String> tagKeys = keys;
            if (!create && keys.isEmpty()) {
                Taggable t = state.taggable(id);
                tagKeys = t == null ? List.of() : t.tags.keySet().stream().filter(k -> !k.startsWith("aws:")).toList();
            }
            if (!tagKeys.isEmpty()) {
                extra.put("aws:TagKeys", List.copyOf(tagKeys));
            }
            pairs.add(existing(action, id, extra));
        }
        return pairs;
    }
}
