package io.kafkarpenter.sandbox.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The IAM side of the account: the roles of {@code nodeRoles} and the instance profiles created through the API.
 * Names are unique and looked up case-insensitively, as in IAM, and keep the case they were created with. Mutable;
 * only touched while holding the {@link Ec2State} lock.
 */
final class IamAccount {
    static final class Role {
        final String name;
        final String path = "/";
        final String id;
        final String arn;
        final Instant created;

        Role(String name, String id, String accountId, Instant created) {
            this.name = name;
            this.id = id;
            this.arn = "arn:aws:iam::" + accountId + ":role/" + name;
            this.created = created;
        }
    }

    static final class Profile {
        final String name;
        final String path;
        final String id;
        final String arn;
        final Instant created;
        final List<Role> roles = new ArrayList<>();
        final Map<String, String> tags = new LinkedHashMap<>();

        Profile(String name, String path, String id, String accountId, Instant created) {
            this.name = name;
            this.path = path;
            this.id = id;
            this.arn = "arn:aws:iam::" + accountId + ":instance-profile" + path + name;
            this.created = created;
        }

        InstanceProfileSnapshot snapshot() {
            return new InstanceProfileSnapshot(name, path, arn, roles.stream().map(r -> r.name).toList(), tags);
        }
    }

    private final String accountId;
    /** IAM ids have their own counter so adding IAM did not move any EC2 id. */
    private final Ids ids = new Ids();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, Profile> profiles = new LinkedHashMap<>();

    IamAccount(String accountId, List<String> roleNames, Instant created) {
        this.accountId = accountId;
        roleNames.forEach(name -> roles.put(key(name), new Role(name, id("AROA"), accountId, created)));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** IAM's unique ids: a 4-letter type prefix and 17 upper-case characters. */
    private String id(String prefix) {
        return prefix + ids.next("x").substring(2).toUpperCase(Locale.ROOT);
    }

    Role role(String name) {
        return roles.get(key(name));
    }

    List<Role> roles() {
        return List.copyOf(roles.values());
    }

    Profile profile(String name) {
        return profiles.get(key(name));
    }

    List<Profile> profiles() {
        return List.copyOf(profiles.values());
    }

    Profile createProfile(String name, String path, Instant now) {
        Profile p = new Profile(name, path, id("AIPA"), accountId, now);
        profiles.put(key(name), p);
        return p;
    }

    void deleteProfile(Profile p) {
        profiles.remove(key(p.name));
    }
}
