package io.kafkarpenter.tagreconciler.instanceprofile;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.tagreconciler.TagReconcilerConfig;
import io.kafkarpenter.tagreconciler.aws.AwsApis;
import io.kafkarpenter.service.aws.AwsErrors;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The instance profiles of EC2NodeClasses (IAM), as Karpenter's instance-profile reconciler manages them: for
 * {@code spec.role}, the profile named by {@link InstanceProfileNaming} is looked up first (GetInstanceProfile) and
 * only created when missing, its tags completed, its role replaced when {@code spec.role} changed; on deletion its
 * role is removed and it is deleted. A {@code spec.instanceProfile} is only checked to exist. Each step is
 * idempotent, so a reconcile killed half-way is finished by the next one.
 */
@ApplicationScoped
public class InstanceProfiles {

    private static final Logger LOG = Logger.getLogger(InstanceProfiles.class);

    /** The profile of a class; {@code created}: this call created it. */
    public record Ensured(String name, boolean created) {
    }

    /** What keeps a profile from being ready (not transient): its message goes on the condition. */
    public static final class NotReady extends RuntimeException {
        private final String reason;

        NotReady(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final AwsApis aws;
    private final TagReconcilerConfig config;

    InstanceProfiles(AwsApis aws, TagReconcilerConfig config) {
        this.aws = aws;
        this.config = config;
    }

    public String nameOf(EC2NodeClass c) {
        return InstanceProfileNaming.name(config.clusterName(), config.region(), c.getMetadata().getName());
    }

    /**
     * The profile for {@code spec.role}, created or repaired as needed. A call the tag-reconciler's IAM role does not
     * allow (e.g. passing a role other than the node role) is {@link NotReady} ({@code AccessDenied}, the AWS message),
     * not an error retried forever.
     */
    public Ensured ensure(EC2NodeClass c) {
        try {
            return ensureProfile(c);
        } catch (RuntimeException e) {
            if (AwsErrors.isNotAuthorized(e)) {
                throw new NotReady("AccessDenied", "instance profile " + nameOf(c) + " for role " + c.getSpec().getRole()
                    + ": " + AwsErrors.describe(e));
            }
            throw e;
        }
    }

    private Ensured ensureProfile(EC2NodeClass c) {
        String name = nameOf(c);
        String role = InstanceProfileNaming.roleName(c.getSpec().getRole());
        Map<String, String> tags = InstanceProfileNaming.tags(c.getSpec().getTags(), config.clusterName(),
            config.region(), c.getMetadata().getName());
        boolean created = false;
        InstanceProfile profile = get(name);
        if (profile == null) {
            try {
                profile = aws.iam().createInstanceProfile(r -> r.instanceProfileName(name)
                    .path(InstanceProfileNaming.path(config.clusterName(), config.region(), c.getMetadata().getUid()))
                    .tags(toTags(tags))).instanceProfile();
                created = true;
                LOG.infof("EC2NodeClass %s: instance profile %s created", c.getMetadata().getName(), name);
            } catch (RuntimeException e) {
                if (!AwsErrors.hasCode(e, "EntityAlreadyExists")) {
                    throw e;
                }
                profile = get(name); // created by an earlier run that died before it knew
            }
        } else {
            List<Tag> present = profile.tags();
            List<Tag> missing = toTags(tags).stream().filter(t -> present.stream()
                .noneMatch(have -> have.key().equals(t.key()) && have.value().equals(t.value()))).toList();
            if (!missing.isEmpty()) {
                // all of them, as Karpenter does: its IAM condition (AllowScopedInstanceProfileTagActions) wants the
                // cluster, region and class tags in every TagInstanceProfile request, not only the missing ones
                aws.iam().tagInstanceProfile(r -> r.instanceProfileName(name).tags(toTags(tags)));
            }
        }
        List<Role> roles = profile == null ? List.of() : profile.roles();
        if (roles.size() == 1 && roles.get(0).roleName().equalsIgnoreCase(role)) {
            return new Ensured(name, created);
        }
        for (Role other : roles) {
            aws.iam().removeRoleFromInstanceProfile(r -> r.instanceProfileName(name).roleName(other.roleName()));
            LOG.infof("instance profile %s: role %s removed (spec.role is %s)", name, other.roleName(), role);
        }
        try {
            aws.iam().addRoleToInstanceProfile(r -> r.instanceProfileName(name).roleName(role));
        } catch (NoSuchEntityException e) {
            String message = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage();
            if (message != null && message.toLowerCase().contains("role")) {
                throw new NotReady("RoleNotFound", "role " + role + " not found (" + message + ")");
            }
            throw e;
        }
        return new Ensured(name, created);
    }

    /** A {@code spec.instanceProfile} given by the user: it must exist. */
    public void verify(String name) {
        if (get(name) == null) {
            throw new NotReady("InstanceProfileNotFound", "instance profile " + name + " not found");
        }
    }

    /** Removes the class' profile (its roles, then itself); true when this call deleted it. */
    public boolean delete(EC2NodeClass c) {
        String name = nameOf(c);
        InstanceProfile profile = get(name);
        if (profile == null) {
            return false;
        }
        for (Role role : profile.roles()) {
            try {
                aws.iam().removeRoleFromInstanceProfile(r -> r.instanceProfileName(name).roleName(role.roleName()));
            } catch (NoSuchEntityException e) {
                // removed meanwhile
            }
        }
        try {
            aws.iam().deleteInstanceProfile(r -> r.instanceProfileName(name));
        } catch (NoSuchEntityException e) {
            return false;
        }
        LOG.infof("EC2NodeClass %s: instance profile %s deleted", c.getMetadata().getName(), name);
        return true;
    }

    private InstanceProfile get(String name) {
        try {
            return aws.iam().getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile();
        } catch (NoSuchEntityException e) {
            return null;
        }
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
