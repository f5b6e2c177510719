package io.kafkarpenter.chart;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;

/**
 * Applies a {@link KafkaAccess} to a broker with the Admin API, idempotently: creates the topics that are missing
 * (partitions, replication factor, configs; an existing topic is left as it is), every ACL binding that is not there
 * yet, and optionally SCRAM users. The admin needs the rights to do so (a super user, or Create on the cluster and
 * Alter on the cluster for ACLs and users). {@code bin/kk topics apply}, the test broker set-up and the e2e sandbox
 * all use it.
 */
public final class KafkaAccessApplier {

    private static final long TIMEOUT_SECONDS = 60;

    private KafkaAccessApplier() {
    }

    /** What happened to one item: created (or, in a dry run, to be created) or already present. */
    public enum Outcome { CREATED, PRESENT, WOULD_CREATE }

    /** One topic, ACL or user and its {@link Outcome}; {@link #toString()} is the line {@code bin/kk} prints. */
    public record Change(String kind, String what, Outcome outcome) {
        @Override
        public String toString() {
            String label = switch (outcome) {
                case CREATED -> "created";
                case PRESENT -> "present";
                case WOULD_CREATE -> "to create";
            };
            return kind + " " + what + ": " + label;
        }
    }

    /** Creates missing topics and ACLs; {@code replicationFactorOverride} &gt; 0 replaces the chart's factors. */
    public static List<Change> apply(Admin admin, KafkaAccess access, int replicationFactorOverride) {
        return apply(admin, access, replicationFactorOverride, false);
    }

    /** Like {@link #apply(Admin, KafkaAccess, int)}; with {@code dryRun} nothing is created, only compared. */
    public static List<Change> apply(Admin admin, KafkaAccess access, int replicationFactorOverride, boolean dryRun) {
        List<Change> changes = new ArrayList<>(topics(admin, access, replicationFactorOverride, dryRun));
        changes.addAll(acls(admin, access.aclBindings(), dryRun));
        return changes;
    }

    /** Every topic and ACL of {@code access} as {@link Outcome#WOULD_CREATE}, without asking any broker. */
    public static List<Change> plan(KafkaAccess access, int replicationFactorOverride) {
        List<Change> changes = new ArrayList<>();
        access.topics().forEach(t -> changes.add(new Change("topic", describe(t, replicationFactorOverride),
            Outcome.WOULD_CREATE)));
        access.aclBindings().forEach(b -> changes.add(new Change("acl", describe(b), Outcome.WOULD_CREATE)));
        return changes;
    }

    /**
     * Creates or updates the SCRAM-SHA-512 credential of each user (the password is always set: Kafka cannot
     * compare it). Outcome CREATED for a new user, PRESENT for one that had a credential (now replaced).
     */
    public static List<Change> scramUsers(Admin admin, Map<String, String> passwordsByUser) {
        if (passwordsByUser.isEmpty()) {
            return List.of();
        }
        Set<String> existing = new HashSet<>();
        get(admin.describeUserScramCredentials().all(), "describe SCRAM users")
            .forEach((user, description) -> existing.add(user));
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        passwordsByUser.forEach((user, password) -> {
            upserts.add(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
            changes.add(new Change("scram-user", user, existing.contains(user) ? Outcome.PRESENT : Outcome.CREATED));
        });
        get(admin.alterUserScramCredentials(upserts).all(), "alter SCRAM users");
        return changes;
    }

    private static List<Change> topics(Admin admin, KafkaAccess access, int rf, boolean dryRun) {
        Set<String> existing = get(admin.listTopics().names(), "list topics");
        List<Change> changes = new ArrayList<>();
        Map<String, KafkaFuture<Void>> creating = new LinkedHashMap<>();
        Map<String, String> described = new LinkedHashMap<>();
        for (KafkaAccess.Topic topic : access.topics()) {
            String what = describe(topic, rf);
            described.put(topic.name(), what);
            if (existing.contains(topic.name())) {
                changes.add(new Change("topic", topic.name(), Outcome.PRESENT));
            } else if (dryRun) {
                changes.add(new Change("topic", what, Outcome.WOULD_CREATE));
            } else {
                creating.putAll(admin.createTopics(List.of(topic.toNewTopic(rf))).values());
            }
        }
        creating.forEach((name, future) -> {
            try {
                get(future, "create topic " + name);
                changes.add(new Change("topic", described.get(name), Outcome.CREATED));
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                changes.add(new Change("topic", name, Outcome.PRESENT)); // created by someone else meanwhile
            }
        });
        return changes;
    }

    private static List<Change> acls(Admin admin, List<AclBinding> wanted, boolean dryRun) {
        if (wanted.isEmpty()) {
            return List.of(); // a broker without an authorizer refuses even the question
        }
        Set<AclBinding> existing;
        try {
            existing = new HashSet<>(get(admin.describeAcls(AclBindingFilter.ANY).values(), "describe ACLs"));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SecurityDisabledException) {
                throw new IllegalStateException("the broker has no authorizer, so it enforces no ACLs: configure one "
                    + "(authorizer.class.name) or create the topics only (--topics-only)", e.getCause());
            }
            throw e;
        }
        List<Change> changes = new ArrayList<>();
        List<AclBinding> missing = new ArrayList<>();
        for (AclBinding binding : wanted) {
            if (existing.contains(binding)) {
                changes.add(new Change("acl", describe(binding), Outcome.PRESENT));
            } else {
                missing.add(binding);
                changes.add(new Change("acl", describe(binding), dryRun ? Outcome.WOULD_CREATE : Outcome.CREATED));
            }
        }
        if (!dryRun && !missing.isEmpty()) {
            get(admin.createAcls(missing).all(), "create ACLs");
            awaitListed(admin, missing);
        }
        return changes;
    }

    /**
     * With KRaft, createAcls completes once the controller has committed the ACLs; the broker that answers
     * describeAcls (and authorizes clients) applies them from its metadata log a moment later. Waits until it lists
     * them, so that what follows an apply (services starting, a second apply) finds them in force.
     */
    private static void awaitListed(Admin admin, List<AclBinding> created) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!new HashSet<>(get(admin.describeAcls(AclBindingFilter.ANY).values(), "describe ACLs"))
            .containsAll(created)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker does not list the " + created.size()
                    + " ACLs created " + TIMEOUT_SECONDS + "s after creating them");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the new ACLs", e);
            }
        }
    }

    /** {@code kk.pods.pending (6 partitions, replication 3, cleanup.policy=compact, ...)}. */
    private static String describe(KafkaAccess.Topic topic, int rf) {
        return topic.name() + " (" + topic.partitions() + " partitions, replication "
            + (rf > 0 ? rf : topic.replicationFactor())
            + (topic.configs().isEmpty() ? "" : ", " + topic.configs().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(", "))) + ")";
    }

    /** {@code User:kafkarpenter-launcher ALLOW READ on TOPIC kk.nodeclaims.launch} ({@code prefix ...} when prefixed). */
    public static String describe(AclBinding binding) {
        var pattern = binding.pattern();
        var entry = binding.entry();
        return entry.principal() + " " + entry.permissionType() + " " + entry.operation() + " on "
            + pattern.resourceType() + (pattern.patternType() == PatternType.PREFIXED ? " prefix " : " ") + pattern.name()
            + ("*".equals(entry.host()) ? "" : " from " + entry.host());
    }

    private static <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": no answer within " + TIMEOUT_SECONDS + "s", e);
        }
    }
}
