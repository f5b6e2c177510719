package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.IamAccount.Profile;
import io.kafkarpenter.sandbox.ec2.IamAccount.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The IAM calls Karpenter makes for instance profiles, in IAM's query protocol as the SDK v2 {@code IamClient} sends
 * them (form {@code POST /} with {@code Version=2010-05-08}; lists as {@code Tags.member.N.Key}). Answers are
 * {@code <OpResponse><OpResult>..</OpResult><ResponseMetadata><RequestId>} (operations without output: no Result);
 * errors {@code <ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/>} with IAM's statuses
 * (NoSuchEntity 404; EntityAlreadyExists, LimitExceeded, DeleteConflict 409; ValidationError, InvalidInput 400). A
 * throttling fault is 400 {@code Throttling}, which the SDK retries.
 */
final class IamApi {
    private static final Set<String> WITH_RESULT = Set.of("GetInstanceProfile", "CreateInstanceProfile", "GetRole",
            "ListInstanceProfiles");
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x7E]{0,510}/");
    private static final int MAX_TAGS = 50;
    private static final String ASSUME_ROLE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private interface Handler {
        void handle(QueryRequest request, XmlResponse out);
    }

    private final Ec2State state;
    private final Faults faults;
    private final IamGate gate;
    private final ServiceAuthorization authorization;
    private final Map<String, Handler> handlers = new LinkedHashMap<>();

    IamApi(Ec2State state, Faults faults, IamGate gate) {
        this.state = state;
        this.faults = faults;
        this.gate = gate;
        this.authorization = new ServiceAuthorization(state);
        handlers.put("GetInstanceProfile", (r, out) -> writeProfile(out, profile(r), true));
        handlers.put("CreateInstanceProfile", this::createInstanceProfile);
        handlers.put("AddRoleToInstanceProfile", this::addRole);
        handlers.put("RemoveRoleFromInstanceProfile", this::removeRole);
        handlers.put("TagInstanceProfile", (r, out) -> tag(profile(r), tags(r)));
        handlers.put("DeleteInstanceProfile", this::deleteInstanceProfile);
        handlers.put("GetRole", (r, out) -> writeRole(out, "Role", role(r)));
        handlers.put("ListInstanceProfiles", this::listInstanceProfiles);
    }

    /** Answers one call of the caller with this access key id (null: no Authorization header). */
    Ec2Api.Answer call(QueryRequest request, String requestId, String accessKeyId) {
        String action = String.valueOf(request.string("Action"));
        try {
            IamGate.Caller caller = gate.identify(accessKeyId).orElseThrow(() -> new Ec2Error(403, "InvalidClientTokenId",
                    "The security token included in the request is invalid."));
            Handler handler = handlers.get(action);
            if (handler == null) {
                throw new Ec2Error(400, "InvalidAction", "Could not find operation " + action + " for version 2010-05-08");
            }
            Ec2Api.sleep(faults.latencyFor(action));
            Ec2Error injected = faults.beforeHandling(action);
            if (injected != null) {
                throw injected.isThrottling() ? new Ec2Error(400, "Throttling", "Rate exceeded") : injected;
            }
            XmlResponse out = XmlResponse.forIam(action);
            boolean withResult = WITH_RESULT.contains(action);
            if (withResult) {
                out.start(action + "Result");
            }
            synchronized (state) {
                if (!caller.admin()) {
                    gate.authorize(caller, authorization.iam(action, request)).ifPresent(denial -> {
                        throw new Ec2Error(403, "AccessDenied", denial.message());
                    });
                }
                handler.handle(request, out);
            }
            if (withResult) {
                out.end();
            }
            out.start("ResponseMetadata").text("RequestId", requestId).end();
            return new Ec2Api.Answer(200, out.finish(), null);
        } catch (Ec2Error e) {
            String code = e.code().equals("MissingParameter") || e.code().equals("InvalidPaginationToken")
                    ? "ValidationError" : e.code();
            return new Ec2Api.Answer(e.httpStatus(), XmlResponse.iamError(e.httpStatus(), code, e.getMessage(), requestId), code);
        } catch (RuntimeException e) {
            return new Ec2Api.Answer(500, XmlResponse.iamError(500, "ServiceFailure", "Internal error: " + e, requestId),
                    "ServiceFailure");
        }
    }

    private static Ec2Error noSuchEntity(String message) {
        return new Ec2Error(404, "NoSuchEntity", message);
    }

    private static Ec2Error conflict(String code, String message) {
        return new Ec2Error(409, code, message);
    }

    private static Ec2Error validation(String message) {
        return new Ec2Error(400, "ValidationError", message);
    }

    private static String name(QueryRequest r, String parameter, String member) {
        String name = r.string(parameter);
        if (name == null) {
            throw validation("1 validation error detected: Value null at '" + member + "' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        if (!NAME.matcher(name).matches()) {
            throw validation("1 validation error detected: Value '" + name + "' at '" + member + "' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
        return name;
    }

    private Profile profile(QueryRequest r) {
        String name = name(r, "InstanceProfileName", "instanceProfileName");
        Profile p = state.iam.profile(name);
        if (p == null) {
            throw noSuchEntity("Instance Profile " + name + " cannot be found.");
        }
        return p;
    }

    private Role role(QueryRequest r) {
        String name = name(r, "RoleName", "roleName");
        Role role = state.iam.role(name);
        if (role == null) {
            throw noSuchEntity("The role with name " + name + " cannot be found.");
        }
        return role;
    }

    private static Map<String, String> tags(QueryRequest r) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryRequest tag : r.structs("Tags.member")) {
            String key = tag.string("Key");
            String value = tag.string("Value");
            if (key == null || value == null) {
                throw validation("1 validation error detected: a tag needs a Key and a Value");
            }
            if (key.isEmpty() || key.length() > 128 || value.length() > 256) {
                throw validation("1 validation error detected: tag key must be 1-128 and value 0-256 characters: " + key);
            }
            if (key.toLowerCase().startsWith("aws:")) {
                throw new Ec2Error(400, "InvalidInput", "User-defined tags cannot begin with aws: (" + key + ")");
            }
            tags.put(key, value);
        }
        return tags;
    }

    private static void tag(Profile p, Map<String, String> tags) {
        Map<String, String> after = new LinkedHashMap<>(p.tags);
        after.putAll(tags);
        if (after.size() > MAX_TAGS) {
            throw conflict("LimitExceeded", "Cannot exceed quota for TagsPerInstanceProfile: " + MAX_TAGS);
        }
        p.tags.putAll(tags);
    }

    private void createInstanceProfile(QueryRequest r, XmlResponse out) {
        String name = name(r, "InstanceProfileName", "instanceProfileName");
        String path = r.optional("Path").orElse("/");
        if (!PATH.matcher(path).matches()) {
            throw validation("The specified value for path is invalid. It must begin and end with / and contain only "
                    + "alphanumeric characters and/or / characters.");
        }
        Map<String, String> tags = tags(r);
        if (tags.size() > MAX_TAGS) {
            throw conflict("LimitExceeded", "Cannot exceed quota for TagsPerInstanceProfile: " + MAX_TAGS);
        }
        if (state.iam.profile(name) != null) {
            throw conflict("EntityAlreadyExists", "Instance Profile " + name + " already exists.");
        }
        Profile p = state.iam.createProfile(name, path, state.now());
        p.tags.putAll(tags);
        writeProfile(out, p, true);
    }

    private void addRole(QueryRequest r, XmlResponse out) {
        Profile p = profile(r);
        Role role = role(r);
        if (!p.roles.isEmpty()) {
            throw conflict("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        }
        p.roles.add(role);
    }

    private void removeRole(QueryRequest r, XmlResponse out) {
        Profile p = profile(r);
        Role role = role(r);
        if (!p.roles.remove(role)) {
            throw noSuchEntity("The role with name " + role.name + " is not in instance profile " + p.name + ".");
        }
    }

    private void deleteInstanceProfile(QueryRequest r, XmlResponse out) {
        Profile p = profile(r);
        if (!p.roles.isEmpty()) {
            throw conflict("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.");
        }
        state.iam.deleteProfile(p);
    }

    private void listInstanceProfiles(QueryRequest r, XmlResponse out) {
        String prefix = r.optional("PathPrefix").orElse("/");
        Integer maxItems = r.integer("MaxItems");
        if (maxItems != null && (maxItems < 1 || maxItems > 1000)) {
            throw validation("1 validation error detected: Value '" + maxItems + "' at 'maxItems' failed to satisfy "
                    + "constraint: Member must have value between 1 and 1000");
        }
        List<Profile> selected = state.iam.profiles().stream().filter(p -> p.path.startsWith(prefix)).toList();
        Page<Profile> page = Page.of("ListInstanceProfiles", selected, maxItems, r.string("Marker"), 100);
        out.members("InstanceProfiles", page.items(), p -> writeProfileFields(out, p, false));
        out.text("IsTruncated", page.nextToken() != null).text("Marker", page.nextToken());
    }

    private static void writeProfile(XmlResponse out, Profile p, boolean withTags) {
        out.start("InstanceProfile");
        writeProfileFields(out, p, withTags);
        out.end();
    }

    /** Listing operations leave the tags out ("a subset of attributes"), as IAM does. */
    private static void writeProfileFields(XmlResponse out, Profile p, boolean withTags) {
        out.text("Path", p.path).text("InstanceProfileName", p.name).text("InstanceProfileId", p.id).text("Arn", p.arn)
                .text("CreateDate", p.created);
        out.members("Roles", p.roles, role -> writeRoleFields(out, role));
        if (withTags) {
            out.members("Tags", p.tags.entrySet(), t -> out.text("Key", t.getKey()).text("Value", t.getValue()));
        }
    }

    private static void writeRole(XmlResponse out, String element, Role role) {
        out.start(element);
        writeRoleFields(out, role);
        out.text("MaxSessionDuration", 3600);
        out.end();
    }

    private static void writeRoleFields(XmlResponse out, Role role) {
        out.text("Path", role.path).text("RoleName", role.name).text("RoleId", role.id).text("Arn", role.arn)
                .text("CreateDate", role.created)
                .text("AssumeRolePolicyDocument", URLEncoder.encode(ASSUME_ROLE_POLICY, StandardCharsets.UTF_8));
    }
}
