package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.Image;
import io.kafkarpenter.sandbox.ec2.Resources.Instance;
import io.kafkarpenter.sandbox.ec2.Resources.LaunchTemplate;
import io.kafkarpenter.sandbox.ec2.Resources.SecurityGroup;
import io.kafkarpenter.sandbox.ec2.Resources.Subnet;
import io.kafkarpenter.sandbox.ec2.Resources.Taggable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The EC2 actions: each handler reads a {@link QueryRequest}, acts on the {@link Ec2State} while holding its lock and
 * writes the response with {@link XmlResponse}. {@link #call} adds what applies to every action: scripted latency,
 * throttling and failures, DryRun, ClientToken idempotency, and EC2's error document.
 */
final class Ec2Api {
    /** Actions whose ClientToken makes a retry return the first answer instead of acting again. */
    private static final Set<String> IDEMPOTENT_ACTIONS = Set.of("CreateFleet", "CreateLaunchTemplate");
    private static final Pattern LAUNCH_TEMPLATE_NAME = Pattern.compile("[a-zA-Z0-9().\\-/_]{3,128}");
    private static final int MAX_TAGS_PER_RESOURCE = 50;
    private static final int USER_DATA_LIMIT_BYTES = 16384;

    interface Handler {
        void handle(QueryRequest request, XmlResponse out);
    }

    /** The HTTP status, body and (for errors) EC2 error code of one answered call. */
    record Answer(int status, byte[] body, String errorCode) {
    }

    private final Ec2State state;
    private final Faults faults;
    private final RequestLimits limits;
    private final IamGate gate;
    private final Ec2Authorization authorization;
    private final Map<String, Handler> handlers = new LinkedHashMap<>();

    Ec2Api(Ec2State state, Faults faults, RequestLimits limits, IamGate gate) {
        this.state = state;
        this.faults = faults;
        this.limits = limits;
        this.gate = gate;
        this.authorization = new Ec2Authorization(state);
        handlers.put("CreateFleet", this::createFleet);
        handlers.put("DescribeInstances", this::describeInstances);
        handlers.put("TerminateInstances", this::terminateInstances);
        handlers.put("CreateTags", this::createTags);
        handlers.put("DeleteTags", this::deleteTags);
        handlers.put("DescribeTags", this::describeTags);
        handlers.put("DescribeSubnets", this::describeSubnets);
        handlers.put("DescribeSecurityGroups", this::describeSecurityGroups);
        handlers.put("DescribeImages", this::describeImages);
        handlers.put("DescribeAvailabilityZones", this::describeAvailabilityZones);
        handlers.put("CreateLaunchTemplate", this::createLaunchTemplate);
        handlers.put("DescribeLaunchTemplates", this::describeLaunchTemplates);
        handlers.put("DescribeLaunchTemplateVersions", this::describeLaunchTemplateVersions);
        handlers.put("DeleteLaunchTemplate", this::deleteLaunchTemplate);
        handlers.put("DescribeInstanceTypes", this::describeInstanceTypes);
        handlers.put("DescribeInstanceTypeOfferings", this::describeInstanceTypeOfferings);
        handlers.put("DescribeSpotPriceHistory", this::describeSpotPriceHistory);
        new NetworkApi(state).registerWith(this);
    }

    /** Adds an action served by another class (same lock, faults, DryRun and error handling). */
    void register(String action, Handler handler) {
        handlers.put(action, handler);
    }

    Set<String> actions() {
        return handlers.keySet();
    }

    /** Answers one call of the caller with this access key id (null: no Authorization header). */
    Answer call(QueryRequest request, String requestId, String accessKeyId) {
        String action = request.string("Action");
        Answer answer = answer(request, requestId, accessKeyId);
        if (handlers.containsKey(action) && !(answer.status() == 503 && "RequestLimitExceeded".equals(answer.errorCode()))) {
            limits.answered(action);
        }
        return answer;
    }

    private Answer answer(QueryRequest request, String requestId, String accessKeyId) {
        String action = request.string("Action");
        try {
            IamGate.Caller caller = gate.identify(accessKeyId).orElseThrow(() -> new Ec2Error(401, "AuthFailure",
                    "AWS was not able to validate the provided access credentials"));
            if (action == null || action.isEmpty()) {
                throw Ec2Error.badRequest("MissingAction", "The request must contain the parameter Action");
            }
            Handler handler = handlers.get(action);
            if (handler == null) {
                throw Ec2Error.badRequest("InvalidAction", "The action " + action + " is not valid for this web service.");
            }
            Ec2Error limited = limits.admit(action, request);
            if (limited != null) {
                throw limited;
            }
            sleep(faults.latencyFor(action));
            Ec2Error injected = faults.beforeHandling(action);
            if (injected != null) {
                throw injected;
            }
            synchronized (state) {
                state.refresh();
                if (!caller.admin()) {
                    // every pair before anything changes; DryRun answers whether the call would be authorized, as EC2's does
                    gate.authorize(caller, authorization.pairs(action, request)).ifPresent(denial -> {
                        throw new Ec2Error(403, "UnauthorizedOperation",
                                "You are not authorized to perform this operation. " + denial.message());
                    });
                }
                if (request.bool("DryRun")) {
                    throw Ec2Error.dryRun();
                }
                String clientToken = IDEMPOTENT_ACTIONS.contains(action) ? request.string("ClientToken") : null;
                if (clientToken != null && clientToken.length() > 64) {
                    throw Ec2Error.invalidParameterValue("The client token must be at most 64 ASCII characters, was "
                            + clientToken.length());
                }
                SortedMap<String, String> fingerprint = null;
                if (clientToken != null && !clientToken.isEmpty()) {
                    fingerprint = new TreeMap<>(request.asMap());
                    Ec2State.StoredResponse earlier = state.idempotentResponse(action, clientToken);
                    if (earlier != null) {
                        if (!earlier.parameters().equals(fingerprint)) {
                            throw Ec2Error.badRequest("IdempotentParameterMismatch", "The client token you have provided is "
                                    + "associated with a resource that is already deleted or has different parameters. "
                                    + "Please use a different client token.");
                        }
                        return new Answer(200, earlier.body(), null);
                    }
                }
                XmlResponse out = XmlResponse.forAction(action, requestId);
                handler.handle(request, out);
                byte[] body = out.finish();
                if (fingerprint != null) {
                    state.rememberIdempotentResponse(action, clientToken, fingerprint, body);
                }
                return new Answer(200, body, null);
            }
        } catch (Ec2Error e) {
            return new Answer(e.httpStatus(), XmlResponse.error(e.code(), e.getMessage(), requestId), e.code());
        } catch (RuntimeException e) {
            return new Answer(500, XmlResponse.error("InternalError",
                    "We encountered an internal error. Please try again. (" + e + ")", requestId), "InternalError");
        }
    }

    static void sleep(Duration latency) {
        if (latency.isZero() || latency.isNegative()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ================================================================ CreateFleet

    private void createFleet(QueryRequest request, XmlResponse out) {
        String type = request.optional("Type").orElse("maintain");
        if (!type.equals("instant")) {
            throw Ec2Error.invalidParameterValue("The simulator supports fleets of Type 'instant' only, not '" + type + "'.");
        }
        List<FleetModel.Config> configs = new ArrayList<>();
        int n = 0;
        for (QueryRequest config : request.structs("LaunchTemplateConfigs")) {
            n++;
            QueryRequest spec = config.struct("LaunchTemplateSpecification");
            String id = spec.string("LaunchTemplateId");
            String name = spec.string("LaunchTemplateName");
            if (id == null && name == null) {
                throw Ec2Error.missingParameter("LaunchTemplateConfigs." + n + ".LaunchTemplateSpecification.LaunchTemplateName");
            }
            if (id != null && name != null) {
                throw Ec2Error.invalidParameterCombination("LaunchTemplateConfigs." + n
                        + ": specify either LaunchTemplateId or LaunchTemplateName, not both.");
            }
            List<FleetModel.Override> overrides = new ArrayList<>();
            for (QueryRequest o : config.structs("Overrides")) {
                if (!o.struct("InstanceRequirements").isEmpty()) {
                    throw Ec2Error.badRequest("Unsupported", "The simulator does not support InstanceRequirements in overrides.");
                }
                overrides.add(new FleetModel.Override(o.string("InstanceType"), o.string("SubnetId"),
                        o.string("AvailabilityZone"), o.decimal("Priority"), o.string("MaxPrice"),
                        o.decimal("WeightedCapacity"), o.string("ImageId")));
            }
            configs.add(new FleetModel.Config(new FleetModel.LaunchTemplateRef(id, name, spec.string("Version")), overrides));
        }
        if (configs.isEmpty()) {
            throw Ec2Error.missingParameter("LaunchTemplateConfigs");
        }
        QueryRequest target = request.struct("TargetCapacitySpecification");
        Integer total = target.integer("TotalTargetCapacity");
        if (total == null) {
            throw Ec2Error.missingParameter("TargetCapacitySpecification.TotalTargetCapacity");
        }
        if (total < 1 || total > 1000) {
            throw Ec2Error.invalidParameterValue("TotalTargetCapacity must be between 1 and 1000, was " + total);
        }
        String defaultType = target.optional("DefaultTargetCapacityType").orElse(Faults.ON_DEMAND);
        if (!defaultType.equals(Faults.ON_DEMAND) && !defaultType.equals(Faults.SPOT)) {
            throw Ec2Error.invalidParameterValue("DefaultTargetCapacityType '" + defaultType
                    + "' is not simulated (on-demand and spot are).");
        }
        String onDemandStrategy = request.string("OnDemandOptions.AllocationStrategy");
        String spotStrategy = request.string("SpotOptions.AllocationStrategy");
        checkOneOf("OnDemandOptions.AllocationStrategy", onDemandStrategy, Set.of("lowest-price", "prioritized"));
        checkOneOf("SpotOptions.AllocationStrategy", spotStrategy, Set.of("lowest-price", "diversified",
                "capacity-optimized", "capacity-optimized-prioritized", "price-capacity-optimized"));
        Map<String, Map<String, String>> tags = tagSpecifications(request,
                Set.of("instance", "volume", "fleet", "network-interface", "spot-instances-request"));
        FleetModel.Request fleetRequest = new FleetModel.Request(type, configs, total,
                target.integer("OnDemandTargetCapacity"), target.integer("SpotTargetCapacity"), defaultType,
                onDemandStrategy, spotStrategy, tags, request.string("ClientToken"));

        FleetModel.Result result = state.createFleet(fleetRequest);

        out.text("fleetId", result.fleetId());
        out.items("errorSet", result.errors(), e -> {
            writeLaunchTemplateAndOverrides(out, e.launchTemplate(), e.override());
            out.text("lifecycle", e.lifecycle()).text("errorCode", e.code()).text("errorMessage", e.message());
        });
        out.items("fleetInstanceSet", result.instances(), l -> {
            writeLaunchTemplateAndOverrides(out, l.launchTemplate(), l.override());
            out.text("lifecycle", l.lifecycle());
            out.values("instanceIds", l.instanceIds());
            out.text("instanceType", l.instanceType()).text("platform", null);
        });
    }

    private static void writeLaunchTemplateAndOverrides(XmlResponse out, FleetModel.LaunchTemplateRef lt, FleetModel.Override o) {
        out.start("launchTemplateAndOverrides");
        out.start("launchTemplateSpecification").text("launchTemplateId", lt.id()).text("launchTemplateName", lt.name())
                .text("version", lt.version()).end();
        out.start("overrides").text("instanceType", o.instanceType()).text("maxPrice", o.maxPrice())
                .text("subnetId", o.subnetId()).text("availabilityZone", o.availabilityZone())
                .text("weightedCapacity", o.weightedCapacity()).text("priority", o.priority()).text("imageId", o.imageId()).end();
        out.end();
    }

    private static void checkOneOf(String parameter, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw Ec2Error.invalidParameterValue("Value (" + value + ") for parameter " + parameter + " is invalid.");
        }
    }

    /** {@code TagSpecification.N.ResourceType} + {@code TagSpecification.N.Tag.M.Key/Value}, by resource type. */
    private static Map<String, Map<String, String>> tagSpecifications(QueryRequest request, Set<String> allowedTypes) {
        Map<String, Map<String, String>> byType = new LinkedHashMap<>();
        for (QueryRequest spec : request.structs("TagSpecification")) {
            String resourceType = spec.required("ResourceType");
            if (!allowedTypes.contains(resourceType)) {
                throw Ec2Error.invalidParameterValue("'" + resourceType + "' is not a valid taggable resource type for this operation.");
            }
            Map<String, String> tags = byType.computeIfAbsent(resourceType, t -> new LinkedHashMap<>());
            for (QueryRequest tag : spec.structs("Tag")) {
                String key = tag.required("Key");
                checkTagKey(key);
                tags.put(key, tag.optional("Value").orElse(""));
            }
        }
        return byType;
    }

    private static void checkTagKey(String key) {
        if (key.length() > 128) {
            throw Ec2Error.invalidParameterValue("Tag key exceeds the maximum length of 128 characters: " + key);
        }
        if (key.toLowerCase().startsWith("aws:")) {
            throw Ec2Error.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
        }
    }

    // ================================================================ instances

    private void describeInstances(QueryRequest request, XmlResponse out) {
        List<String> ids = request.list("InstanceId");
        Integer maxResults = Page.maxResults(request, 5, 1000);
        if (!ids.isEmpty() && maxResults != null) {
            throw Ec2Error.invalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults");
        }
        List<Filter> filters = request.filters();
        Filter.validate(filters, Instance.FILTERS);
        List<Instance> selected = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (Instance i : instancesByIds(ids)) {
                if (Filter.matchesAll(filters, i)) {
                    selected.add(i);
                }
            }
        } else {
            for (Instance i : state.instances.values()) {
                if (Filter.matchesAll(filters, i)) {
                    selected.add(i);
                }
            }
        }
        Page<Instance> page = Page.of("DescribeInstances", selected, maxResults, request.string("NextToken"), Integer.MAX_VALUE);
        Map<String, List<Instance>> byReservation = new LinkedHashMap<>();
        for (Instance i : page.items()) {
            byReservation.computeIfAbsent(i.reservationId, r -> new ArrayList<>()).add(i);
        }
        out.items("reservationSet", byReservation.entrySet(), r -> {
            out.text("reservationId", r.getKey()).text("ownerId", state.config.accountId());
            out.start("groupSet").end();
            out.items("instancesSet", r.getValue(), i -> writeInstance(out, i));
        });
        out.text("nextToken", page.nextToken());
    }

    private List<Instance> instancesByIds(List<String> ids) {
        List<Instance> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            if (!Ids.isWellFormed(id, "i")) {
                throw Ec2Error.badRequest("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
            }
            Instance i = state.instances.get(id);
            if (i == null) {
                missing.add(id);
            } else if (!found.contains(i)) {
                found.add(i);
            }
        }
        if (missing.size() == 1) {
            throw Ec2Error.badRequest("InvalidInstanceID.NotFound", "The instance ID '" + missing.get(0) + "' does not exist");
        }
        if (missing.size() > 1) {
            throw Ec2Error.badRequest("InvalidInstanceID.NotFound", "The instance IDs '" + String.join(", ", missing) + "' do not exist");
        }
        return found;
    }

    private void writeInstance(XmlResponse out, Instance i) {
        CatalogInstanceType type = state.catalog.get(i.type);
        out.text("instanceId", i.id).text("imageId", i.imageId);
        out.start("instanceState").text("code", i.state.code).text("name", i.state.wireName).end();
        out.text("privateDnsName", i.state == InstanceState.TERMINATED ? "" : i.privateDns).text("dnsName", "")
                .text("reason", i.stateTransitionReason).text("amiLaunchIndex", 0);
        out.start("productCodes").end();
        out.text("instanceType", i.type).text("launchTime", i.launchTime);
        out.start("placement").text("availabilityZone", i.zone).text("availabilityZoneId", state.zoneId(i.zone))
                .text("groupName", "").text("tenancy", "default").end();
        out.start("monitoring").text("state", "disabled").end();
        if (i.state != InstanceState.TERMINATED) {
            out.text("subnetId", i.subnetId).text("vpcId", i.vpcId).text("privateIpAddress", i.privateIp);
        }
        out.text("sourceDestCheck", true);
        out.items("groupSet", i.securityGroupIds, g -> {
            SecurityGroup group = state.securityGroups.get(g);
            out.text("groupId", g).text("groupName", group == null ? null : group.name);
        });
        if (i.stateReasonCode != null) {
            out.start("stateReason").text("code", i.stateReasonCode).text("message", i.stateReasonMessage).end();
        }
        out.text("architecture", i.architecture).text("rootDeviceType", "ebs").text("rootDeviceName", "/dev/xvda");
        if (i.state != InstanceState.TERMINATED) {
            out.start("blockDeviceMapping").start("item").text("deviceName", "/dev/xvda").start("ebs")
                    .text("volumeId", "vol-" + i.id.substring(2)).text("status", "attached").text("attachTime", i.launchTime)
                    .text("deleteOnTermination", true).end().end().end();
        }
        if (Faults.SPOT.equals(i.capacityType)) {
            out.text("instanceLifecycle", "spot").text("spotInstanceRequestId", i.spotRequestId);
        }
        out.text("virtualizationType", "hvm").text("clientToken", i.clientToken);
        out.tagSet("tagSet", i.tags);
        out.text("hypervisor", "xen")
                .text("ebsOptimized", true).text("enaSupport", true);
        if (type != null) {
            boolean arm = "arm64".equals(type.arch());
            int threads = arm || type.vcpu() < 2 ? 1 : 2;
            out.start("cpuOptions").text("coreCount", type.vcpu() / threads).text("threadsPerCore", threads).end();
        }
        out.start("capacityReservationSpecification").text("capacityReservationPreference", "open").end();
        out.start("metadataOptions").text("state", "applied").text("httpTokens", "required")
                .text("httpPutResponseHopLimit", 1).text("httpEndpoint", "enabled").text("httpProtocolIpv6", "disabled")
                .text("instanceMetadataTags", "disabled").end();
        out.text("bootMode", "uefi").text("platformDetails", "Linux/UNIX").text("usageOperation", "RunInstances");
        out.start("privateDnsNameOptions").text("hostnameType", "ip-name").text("enableResourceNameDnsARecord", false)
                .text("enableResourceNameDnsAAAARecord", false).end();
        out.text("currentInstanceBootMode", "uefi");
    }

    private void terminateInstances(QueryRequest request, XmlResponse out) {
        List<String> ids = request.list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("InstanceId");
        }
        List<Instance> instances = instancesByIds(ids);
        out.items("instancesSet", instances, i -> {
            InstanceState previous = state.shutDown(i, "Client.UserInitiatedShutdown",
                    "Client.UserInitiatedShutdown: User initiated shutdown");
            out.text("instanceId", i.id);
            out.start("currentState").text("code", i.state.code).text("name", i.state.wireName).end();
            out.start("previousState").text("code", previous.code).text("name", previous.wireName).end();
        });
    }

    // ================================================================ tags

    private void createTags(QueryRequest request, XmlResponse out) {
        List<Taggable> resources = taggables(request.list("ResourceId"));
        List<QueryRequest> tags = request.structs("Tag");
        if (tags.isEmpty()) {
            throw Ec2Error.missingParameter("Tag");
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (QueryRequest tag : tags) {
            String key = tag.required("Key");
            checkTagKey(key);
            String value = tag.optional("Value").orElse("");
            if (value.length() > 256) {
                throw Ec2Error.invalidParameterValue("Tag value exceeds the maximum length of 256 characters (key " + key + ")");
            }
            wanted.put(key, value);
        }
        for (Taggable r : resources) {
            Map<String, String> after = new LinkedHashMap<>(r.tags);
            after.putAll(wanted);
            if (after.size() > MAX_TAGS_PER_RESOURCE) {
                throw Ec2Error.badRequest("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
            }
        }
        resources.forEach(r -> r.tags.putAll(wanted));
        out.text("return", true);
    }

    private void deleteTags(QueryRequest request, XmlResponse out) {
        List<Taggable> resources = taggables(request.list("ResourceId"));
        List<QueryRequest> tags = request.structs("Tag");
        for (Taggable r : resources) {
            if (tags.isEmpty()) {
                r.tags.keySet().removeIf(k -> !k.startsWith("aws:"));
                continue;
            }
            for (QueryRequest tag : tags) {
                String key = tag.required("Key");
                String value = tag.string("Value");
                // no Value: whatever the value; Value="": only an empty value; aws: tags are never deleted
                if (!key.startsWith("aws:") && (value == null || value.equals(r.tags.get(key)))) {
                    r.tags.remove(key);
                }
            }
        }
        out.text("return", true);
    }

    private List<Taggable> taggables(List<String> ids) {
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("ResourceId");
        }
        List<Taggable> resources = new ArrayList<>();
        for (String id : ids) {
            Taggable t = state.taggable(id);
            if (t == null) {
                throw notFound(id);
            }
            resources.add(t);
        }
        return resources;
    }

    static Ec2Error notFound(String id) {
        String prefix = id.contains("-") ? id.substring(0, id.indexOf('-')) : "";
        return switch (prefix) {
            case "i" -> Ids.isWellFormed(id, "i")
                    ? Ec2Error.badRequest("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist")
                    : Ec2Error.badRequest("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
            case "subnet" -> Ec2Error.badRequest("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
            case "sg" -> Ec2Error.badRequest("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            case "ami" -> Ec2Error.badRequest("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
            case "lt" -> Ec2Error.badRequest("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "
                    + id + ", does not exist.");
            case "vpc" -> Ec2Error.badRequest("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
            case "rtb" -> Ec2Error.badRequest("InvalidRouteTableID.NotFound", "The routeTable ID '" + id + "' does not exist");
            case "fleet" -> Ec2Error.badRequest("InvalidFleetId.NotFound", "The fleet ID '" + id + "' does not exist");
            default -> Ec2Error.badRequest("InvalidID", "The ID '" + id + "' is not valid");
        };
    }

    /** One row of DescribeTags: a resource and one of its tags. */
    private record TagRow(Taggable resource, String key, String value) implements Filter.Attributes {
        @Override
        public Map<String, String> tags() {
            return resource.tags;
        }

        @Override
        public Collection<String> valuesOf(String filterName) {
            return switch (filterName) {
                case "key" -> List.of(key);
                case "value" -> List.of(value);
                case "resource-id" -> List.of(resource.id);
                case "resource-type" -> List.of(resource.resourceType());
                default -> null;
            };
        }
    }

    private void describeTags(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, Set.of("key", "value", "resource-id", "resource-type"));
        Integer maxResults = Page.maxResults(request, 5, 1000);
        List<TagRow> rows = new ArrayList<>();
        for (Taggable t : state.allTaggables()) {
            for (Map.Entry<String, String> tag : t.tags.entrySet()) {
                TagRow row = new TagRow(t, tag.getKey(), tag.getValue());
                if (Filter.matchesAll(filters, row)) {
                    rows.add(row);
                }
            }
        }
        Page<TagRow> page = Page.of("DescribeTags", rows, maxResults, request.string("NextToken"), 1000);
        out.items("tagSet", page.items(), r -> out.text("resourceId", r.resource.id)
                .text("resourceType", r.resource.resourceType()).text("key", r.key).text("value", r.value));
        out.text("nextToken", page.nextToken());
    }

    // ================================================================ network

    private void describeSubnets(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, Subnet.FILTERS);
        Integer maxResults = Page.maxResults(request, 5, 1000);
        List<Subnet> candidates = new ArrayList<>();
        List<String> ids = request.list("SubnetId");
        for (String id : ids) {
            if (!Ids.isWellFormed(id, "subnet")) {
                throw Ec2Error.badRequest("InvalidSubnetID.Malformed", "Invalid id: \"" + id + "\"");
            }
            Subnet s = state.subnets.get(id);
            if (s == null) {
                throw notFound(id);
            }
            candidates.add(s);
        }
        if (ids.isEmpty()) {
            candidates.addAll(state.subnets.values());
        }
        List<Subnet> selected = candidates.stream().filter(s -> Filter.matchesAll(filters, s)).toList();
        Page<Subnet> page = Page.of("DescribeSubnets", selected, maxResults, request.string("NextToken"), Integer.MAX_VALUE);
        out.items("subnetSet", page.items(), s -> {
            out.text("subnetId", s.id).text("subnetArn", s.arn).text("state", "available").text("vpcId", s.vpcId)
                    .text("cidrBlock", s.cidr).text("availableIpAddressCount", state.availableIps(s))
                    .text("availabilityZone", s.zone).text("availabilityZoneId", s.zoneId)
                    .text("defaultForAz", false).text("mapPublicIpOnLaunch", s.isPublic)
                    .text("assignIpv6AddressOnCreation", false).text("ownerId", s.ownerId);
            out.start("ipv6CidrBlockAssociationSet").end();
            out.tagSet("tagSet", s.tags);
            out.start("privateDnsNameOptionsOnLaunch").text("hostnameType", "ip-name")
                    .text("enableResourceNameDnsARecord", false).text("enableResourceNameDnsAAAARecord", false).end();
        });
        out.text("nextToken", page.nextToken());
    }

    private void describeSecurityGroups(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, SecurityGroup.FILTERS);
        Integer maxResults = Page.maxResults(request, 5, 1000);
        List<String> ids = request.list("GroupId");
        List<String> names = request.list("GroupName");
        if (maxResults != null && (!ids.isEmpty() || !names.isEmpty())) {
            throw Ec2Error.invalidParameterCombination("The parameter groupIds or groupNames cannot be used with the parameter maxResults");
        }
        for (String id : ids) {
            if (!Ids.isWellFormed(id, "sg")) {
                throw Ec2Error.badRequest("InvalidGroupId.Malformed", "Invalid id: \"" + id + "\" (expecting \"sg-...\")");
            }
            if (!state.securityGroups.containsKey(id)) {
                throw notFound(id);
            }
        }
        for (String name : names) {
            if (state.securityGroups.values().stream().noneMatch(g -> g.name.equals(name))) {
                throw Ec2Error.badRequest("InvalidGroup.NotFound", "The security group '" + name + "' does not exist in default VPC");
            }
        }
        List<SecurityGroup> selected = state.securityGroups.values().stream()
                .filter(g -> ids.isEmpty() || ids.contains(g.id))
                .filter(g -> names.isEmpty() || names.contains(g.name))
                .filter(g -> Filter.matchesAll(filters, g)).toList();
        Page<SecurityGroup> page = Page.of("DescribeSecurityGroups", selected, maxResults, request.string("NextToken"), Integer.MAX_VALUE);
        out.items("securityGroupInfo", page.items(), g -> {
            out.text("ownerId", g.ownerId).text("groupId", g.id).text("groupName", g.name)
                    .text("groupDescription", g.description).text("vpcId", g.vpcId)
                    .text("securityGroupArn", "arn:aws:ec2:" + state.config.region() + ":" + g.ownerId + ":security-group/" + g.id);
            out.start("ipPermissions").end();
            out.start("ipPermissionsEgress").start("item").text("ipProtocol", "-1")
                    .start("groups").end()
                    .start("ipRanges").start("item").text("cidrIp", "0.0.0.0/0").end().end()
                    .start("ipv6Ranges").end().start("prefixListIds").end()
                    .end().end();
            out.tagSet("tagSet", g.tags);
        });
        out.text("nextToken", page.nextToken());
    }

    private void describeAvailabilityZones(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, Set.of("zone-name", "zone-id", "state", "region-name", "zone-type", "group-name",
                "opt-in-status", "network-border-group"));
        List<String> names = request.list("ZoneName");
        List<String> zoneIds = request.list("ZoneId");
        for (String name : names) {
            if (!state.config.zones().contains(name)) {
                throw Ec2Error.invalidParameterValue("The zone '" + name + "' does not exist in the region " + state.config.region());
            }
        }
        String region = state.config.region();
        List<String> selected = new ArrayList<>();
        for (String zone : state.config.zones()) {
            String zoneId = state.zoneId(zone);
            Filter.Attributes attributes = new Filter.Attributes() {
                @Override
                public Collection<String> valuesOf(String filterName) {
                    return switch (filterName) {
                        case "zone-name" -> List.of(zone);
                        case "zone-id" -> List.of(zoneId);
                        case "state" -> List.of("available");
                        case "region-name", "group-name", "network-border-group" -> List.of(region);
                        case "zone-type" -> List.of("availability-zone");
                        case "opt-in-status" -> List.of("opt-in-not-required");
                        default -> null;
                    };
                }
            };
            if ((names.isEmpty() || names.contains(zone)) && (zoneIds.isEmpty() || zoneIds.contains(zoneId))
                    && Filter.matchesAll(filters, attributes)) {
                selected.add(zone);
            }
        }
        out.items("availabilityZoneInfo", selected, zone -> out.text("optInStatus", "opt-in-not-required")
                .start("messageSet").end()
                .text("regionName", region).text("zoneName", zone).text("zoneId", state.zoneId(zone))
                .text("groupName", region).text("networkBorderGroup", region).text("zoneType", "availability-zone")
                .text("zoneState", "available"));
    }

    // ================================================================ images

    private void describeImages(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, Image.FILTERS);
        Integer maxResults = Page.maxResults(request, 5, 1000);
        List<String> ids = request.list("ImageId");
        List<String> owners = request.list("Owner");
        if (maxResults != null && !ids.isEmpty()) {
            throw Ec2Error.invalidParameterCombination("The parameter imageIds cannot be used with the parameter maxResults");
        }
        for (String id : ids) {
            if (!Ids.isWellFormed(id, "ami")) {
                throw Ec2Error.badRequest("InvalidAMIID.Malformed", "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
            }
            if (!state.images.containsKey(id)) {
                throw notFound(id);
            }
        }
        boolean includeDeprecated = request.bool("IncludeDeprecated") || !ids.isEmpty();
        Instant now = state.now();
        List<Image> selected = state.images.values().stream()
                .filter(i -> ids.isEmpty() || ids.contains(i.id))
                .filter(i -> owners.isEmpty() || owners.stream().anyMatch(o -> ownedBy(i, o)))
                .filter(i -> includeDeprecated || !i.isDeprecated(now))
                .filter(i -> Filter.matchesAll(filters, i)).toList();
        Page<Image> page = Page.of("DescribeImages", selected, maxResults, request.string("NextToken"), Integer.MAX_VALUE);
        out.items("imagesSet", page.items(), i -> {
            out.text("imageId", i.id).text("imageLocation", i.ownerAlias != null ? i.ownerAlias + "/" + i.name : i.ownerId + "/" + i.name)
                    .text("imageState", "available").text("imageOwnerId", i.ownerId)
                    .text("creationDate", i.creationDate).text("isPublic", true).text("architecture", i.architecture)
                    .text("imageType", "machine").text("platformDetails", "Linux/UNIX").text("usageOperation", "RunInstances")
                    .text("imageOwnerAlias", i.ownerAlias).text("name", i.name).text("description", i.description)
                    .text("rootDeviceType", "ebs").text("rootDeviceName", "/dev/xvda")
                    .text("virtualizationType", "hvm").text("hypervisor", "xen").text("enaSupport", true)
                    .text("sriovNetSupport", "simple").text("bootMode", "uefi-preferred")
                    .text("imdsSupport", "v2.0").text("deprecationTime", i.deprecationTime);
            out.start("blockDeviceMapping").start("item").text("deviceName", "/dev/xvda")
                    .start("ebs").text("deleteOnTermination", true).text("volumeSize", 20).text("volumeType", "gp3")
                    .text("encrypted", false).end().end().end();
            out.tagSet("tagSet", i.tags);
        });
        out.text("nextToken", page.nextToken());
    }

    private boolean ownedBy(Image image, String owner) {
        return switch (owner) {
            case "self" -> image.ownerId.equals(state.config.accountId());
            case "amazon", "aws-marketplace", "aws-backup-vault" -> owner.equals(image.ownerAlias);
            default -> owner.equals(image.ownerId);
        };
    }

    // ================================================================ launch templates

    private void createLaunchTemplate(QueryRequest request, XmlResponse out) {
        String name = request.required("LaunchTemplateName");
        if (!LAUNCH_TEMPLATE_NAME.matcher(name).matches()) {
            throw Ec2Error.badRequest("InvalidLaunchTemplateName.MalformedException", "A launch template name must be between 3 and "
                    + "128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'");
        }
        if (state.launchTemplateByName(name) != null) {
            throw Ec2Error.badRequest("InvalidLaunchTemplateName.AlreadyExistsException",
                    "Launch template name already in use.");
        }
        QueryRequest data = request.struct("LaunchTemplateData");
        if (data.isEmpty()) {
            throw Ec2Error.missingParameter("LaunchTemplateData");
        }
        String userData = data.string("UserData");
        if (userData != null) {
            byte[] decoded;
            try {
                decoded = Base64.getMimeDecoder().decode(userData);
            } catch (IllegalArgumentException e) {
                throw Ec2Error.badRequest("InvalidUserData.Malformed", "Invalid BASE64 encoding of user data.");
            }
            if (decoded.length > USER_DATA_LIMIT_BYTES) {
                throw Ec2Error.badRequest("InvalidUserData.Malformed", "User data is limited to " + USER_DATA_LIMIT_BYTES + " bytes");
            }
        }
        for (String sg : data.list("SecurityGroupId")) {
            if (!state.securityGroups.containsKey(sg)) {
                throw Ec2Error.badRequest("InvalidGroup.NotFound", "The security group '" + sg + "' does not exist");
            }
        }
        Map<String, Map<String, String>> tags = tagSpecifications(request, Set.of("launch-template"));
        LaunchTemplate template = new LaunchTemplate(state.ids.next("lt"), name, state.now(),
                "arn:aws:iam::" + state.config.accountId() + ":root", request.string("VersionDescription"), data);
        template.tags.putAll(tags.getOrDefault("launch-template", Map.of()));
        state.launchTemplates.put(template.id, template);
        writeLaunchTemplate(out, "launchTemplate", template);
    }

    private static void writeLaunchTemplate(XmlResponse out, String element, LaunchTemplate t) {
        out.start(element);
        writeLaunchTemplateFields(out, t);
        out.end();
    }

    private static void writeLaunchTemplateFields(XmlResponse out, LaunchTemplate t) {
        out.text("launchTemplateId", t.id).text("launchTemplateName", t.name).text("createTime", t.createTime)
                .text("createdBy", t.createdBy).text("defaultVersionNumber", 1).text("latestVersionNumber", 1);
        out.tagSet("tagSet", t.tags);
    }

    private void describeLaunchTemplates(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, LaunchTemplate.FILTERS);
        Integer maxResults = Page.maxResults(request, 1, 200);
        List<String> ids = request.list("LaunchTemplateId");
        List<String> names = request.list("LaunchTemplateName");
        List<LaunchTemplate> selected = new ArrayList<>();
        for (String id : ids) {
            selected.add(launchTemplateById(id));
        }
        for (String name : names) {
            LaunchTemplate t = state.launchTemplateByName(name);
            if (t == null) {
                throw Ec2Error.badRequest("InvalidLaunchTemplateName.NotFoundException",
                        "At least one of the launch templates specified in the request does not exist.");
            }
            if (!selected.contains(t)) {
                selected.add(t);
            }
        }
        if (ids.isEmpty() && names.isEmpty()) {
            selected.addAll(state.launchTemplates.values());
        }
        selected.removeIf(t -> !Filter.matchesAll(filters, t));
        Page<LaunchTemplate> page = Page.of("DescribeLaunchTemplates", selected, maxResults, request.string("NextToken"), Integer.MAX_VALUE);
        out.items("launchTemplates", page.items(), t -> writeLaunchTemplateFields(out, t));
        out.text("nextToken", page.nextToken());
    }

    private LaunchTemplate launchTemplateById(String id) {
        if (!Ids.isWellFormed(id, "lt")) {
            throw Ec2Error.badRequest("InvalidLaunchTemplateId.Malformed", "The specified launch template ID is malformed: " + id);
        }
        LaunchTemplate t = state.launchTemplates.get(id);
        if (t == null) {
            throw Ec2Error.badRequest("InvalidLaunchTemplateId.NotFound",
                    "The specified launch template, with template ID " + id + ", does not exist.");
        }
        return t;
    }

    private LaunchTemplate oneLaunchTemplate(QueryRequest request) {
        String id = request.string("LaunchTemplateId");
        String name = request.string("LaunchTemplateName");
        if (id == null && name == null) {
            throw Ec2Error.missingParameter("LaunchTemplateId or LaunchTemplateName");
        }
        if (id != null) {
            return launchTemplateById(id);
        }
        LaunchTemplate t = state.launchTemplateByName(name);
        if (t == null) {
            throw Ec2Error.badRequest("InvalidLaunchTemplateName.NotFoundException",
                    "The specified launch template, with template name " + name + ", does not exist.");
        }
        return t;
    }

    private void deleteLaunchTemplate(QueryRequest request, XmlResponse out) {
        LaunchTemplate t = oneLaunchTemplate(request);
        state.launchTemplates.remove(t.id);
        writeLaunchTemplate(out, "launchTemplate", t);
    }

    private void describeLaunchTemplateVersions(QueryRequest request, XmlResponse out) {
        LaunchTemplate t = oneLaunchTemplate(request);
        for (String version : request.list("LaunchTemplateVersion")) {
            if (!version.equals("$Latest") && !version.equals("$Default") && !version.equals("1")) {
                throw Ec2Error.badRequest("InvalidLaunchTemplateId.VersionNotFound",
                        "Could not find launch template version " + version + " for " + t.id);
            }
        }
        out.items("launchTemplateVersionSet", List.of(t), lt -> {
            out.text("launchTemplateId", lt.id).text("launchTemplateName", lt.name).text("versionNumber", 1)
                    .text("versionDescription", lt.versionDescription).text("createTime", lt.createTime)
                    .text("createdBy", lt.createdBy).text("defaultVersion", true);
            writeLaunchTemplateData(out, lt.data);
        });
    }

    private static void writeLaunchTemplateData(XmlResponse out, QueryRequest d) {
        out.start("launchTemplateData");
        out.text("imageId", d.string("ImageId")).text("instanceType", d.string("InstanceType"))
                .text("userData", d.string("UserData")).text("keyName", d.string("KeyName"))
                .text("ebsOptimized", d.string("EbsOptimized"));
        QueryRequest profile = d.struct("IamInstanceProfile");
        if (!profile.isEmpty()) {
            out.start("iamInstanceProfile").text("arn", profile.string("Arn")).text("name", profile.string("Name")).end();
        }
        out.values("securityGroupIdSet", d.list("SecurityGroupId"));
        QueryRequest metadata = d.struct("MetadataOptions");
        if (!metadata.isEmpty()) {
            out.start("metadataOptions").text("httpTokens", metadata.string("HttpTokens"))
                    .text("httpPutResponseHopLimit", metadata.string("HttpPutResponseHopLimit"))
                    .text("httpEndpoint", metadata.string("HttpEndpoint"))
                    .text("httpProtocolIpv6", metadata.string("HttpProtocolIpv6"))
                    .text("instanceMetadataTags", metadata.string("InstanceMetadataTags")).end();
        }
        out.items("blockDeviceMappingSet", d.structs("BlockDeviceMapping"), b -> {
            out.text("deviceName", b.string("DeviceName"));
            QueryRequest ebs = b.struct("Ebs");
            if (!ebs.isEmpty()) {
                out.start("ebs").text("encrypted", ebs.string("Encrypted")).text("deleteOnTermination", ebs.string("DeleteOnTermination"))
                        .text("iops", ebs.string("Iops")).text("kmsKeyId", ebs.string("KmsKeyId"))
                        .text("snapshotId", ebs.string("SnapshotId")).text("volumeSize", ebs.string("VolumeSize"))
                        .text("volumeType", ebs.string("VolumeType")).text("throughput", ebs.string("Throughput")).end();
            }
        });
        out.items("tagSpecificationSet", d.structs("TagSpecification"), spec -> {
            out.text("resourceType", spec.string("ResourceType"));
            Map<String, String> tags = new LinkedHashMap<>();
            spec.structs("Tag").forEach(tag -> tags.put(tag.string("Key"), tag.optional("Value").orElse("")));
            out.tagSet("tagSet", tags);
        });
        out.end();
    }

    // ================================================================ instance types, offerings, prices

    private void describeInstanceTypes(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, InstanceTypeXml.FILTERS);
        Integer maxResults = Page.maxResults(request, 5, 100);
        List<String> names = request.list("InstanceType");
        if (maxResults != null && !names.isEmpty()) {
            throw Ec2Error.invalidParameterCombination("The parameter instanceTypes cannot be used with the parameter maxResults");
        }
        List<String> unknown = names.stream().filter(n -> state.catalog.get(n) == null).toList();
        if (!unknown.isEmpty()) {
            throw Ec2Error.badRequest("InvalidInstanceType", "The following supplied instance types do not exist: " + unknown);
        }
        List<CatalogInstanceType> selected = state.catalog.all().stream()
                .filter(t -> names.isEmpty() || names.contains(t.name()))
                .filter(t -> Filter.matchesAll(filters, InstanceTypeXml.attributes(t))).toList();
        Page<CatalogInstanceType> page = Page.of("DescribeInstanceTypes", selected, maxResults, request.string("NextToken"), 100);
        out.items("instanceTypeSet", page.items(), t -> InstanceTypeXml.write(out, t));
        out.text("nextToken", page.nextToken());
    }

    private record Offering(String instanceType, String locationType, String location) implements Filter.Attributes {
        @Override
        public Collection<String> valuesOf(String filterName) {
            return switch (filterName) {
                case "instance-type" -> List.of(instanceType);
                case "location" -> List.of(location);
                default -> null;
            };
        }
    }

    private void describeInstanceTypeOfferings(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, Set.of("instance-type", "location"));
        Integer maxResults = Page.maxResults(request, 5, 1000);
        String locationType = request.optional("LocationType").orElse("region");
        List<Offering> offerings = new ArrayList<>();
        for (CatalogInstanceType t : state.catalog.all()) {
            switch (locationType) {
                case "region" -> offerings.add(new Offering(t.name(), locationType, state.config.region()));
                case "availability-zone", "availability-zone-id" -> {
                    for (String zone : state.config.zones()) {
                        if (state.isOffered(t.name(), zone)) {
                            offerings.add(new Offering(t.name(), locationType,
                                    locationType.equals("availability-zone") ? zone : state.zoneId(zone)));
                        }
                    }
                }
                default -> throw Ec2Error.invalidParameterValue("Value (" + locationType + ") for parameter LocationType is invalid.");
            }
        }
        offerings.removeIf(o -> !Filter.matchesAll(filters, o));
        Page<Offering> page = Page.of("DescribeInstanceTypeOfferings", offerings, maxResults, request.string("NextToken"), 1000);
        out.items("instanceTypeOfferingSet", page.items(), o -> out.text("instanceType", o.instanceType)
                .text("locationType", o.locationType).text("location", o.location));
        out.text("nextToken", page.nextToken());
    }

    private record SpotPrice(String instanceType, String zone, String zoneId, String productDescription, double price)
            implements Filter.Attributes {
        @Override
        public Collection<String> valuesOf(String filterName) {
            return switch (filterName) {
                case "instance-type" -> List.of(instanceType);
                case "availability-zone" -> List.of(zone);
                case "product-description" -> List.of(productDescription);
                case "spot-price" -> List.of(SpotPrices.format(price));
                default -> null;
            };
        }
    }

    private void describeSpotPriceHistory(QueryRequest request, XmlResponse out) {
        List<Filter> filters = request.filters();
        Filter.validate(filters, Set.of("instance-type", "availability-zone", "product-description", "spot-price", "timestamp"));
        Integer requested = request.integer("MaxResults");
        int maxResults = requested == null ? 1000 : Math.max(1, Math.min(requested, 1000));
        List<String> types = request.list("InstanceType");
        List<String> products = request.list("ProductDescription");
        if (products.isEmpty()) {
            products = List.of("Linux/UNIX");
        }
        String onlyZone = request.string("AvailabilityZone");
        List<SpotPrice> prices = new ArrayList<>();
        for (CatalogInstanceType t : state.catalog.all()) {
            if (!types.isEmpty() && !types.contains(t.name())) {
                continue;
            }
            for (String zone : state.config.zones()) {
                if ((onlyZone != null && !onlyZone.equals(zone)) || !state.isOffered(t.name(), zone)) {
                    continue;
                }
                for (String product : products) {
                    SpotPrice p = new SpotPrice(t.name(), zone, state.zoneId(zone), product, state.spotPrices.price(t, zone));
                    if (Filter.matchesAll(filters.stream().filter(f -> !f.name().equals("timestamp")).toList(), p)) {
                        prices.add(p);
                    }
                }
            }
        }
        Instant now = state.now();
        Page<SpotPrice> page = Page.of("DescribeSpotPriceHistory", prices, maxResults, request.string("NextToken"), 1000);
        out.items("spotPriceHistorySet", page.items(), p -> out.text("instanceType", p.instanceType)
                .text("productDescription", p.productDescription).text("spotPrice", SpotPrices.format(p.price))
                .text("timestamp", now).text("availabilityZone", p.zone).text("availabilityZoneId", p.zoneId));
        out.text("nextToken", page.nextToken());
    }
}
