package io.kafkarpenter.sandbox.ec2;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulator's resources. Mutable; only touched while holding the {@link Ec2State} lock. */
final class Resources {
    private Resources() {
    }

    /** Anything CreateTags / DeleteTags / DescribeTags can address. */
    abstract static class Taggable implements Filter.Attributes {
        final String id;
        final Map<String, String> tags = new LinkedHashMap<>();

        Taggable(String id) {
            this.id = id;
        }

        /** The {@code resource-type} DescribeTags reports. */
        abstract String resourceType();

        @Override
        public Map<String, String> tags() {
            return tags;
        }
    }

    static final class Vpc extends Taggable {
        static final java.util.Set<String> FILTERS = java.util.Set.of("vpc-id", "cidr", "cidr-block-association.cidr-block",
                "dhcp-options-id", "is-default", "state", "owner-id");
        final String cidr;
        final String dhcpOptionsId;
        final String ownerId;

        Vpc(String id, String cidr, String dhcpOptionsId, String ownerId) {
            super(id);
            this.cidr = cidr;
            this.dhcpOptionsId = dhcpOptionsId;
            this.ownerId = ownerId;
        }

        @Override
        String resourceType() {
            return "vpc";
        }

        @Override
        public Collection<String> valuesOf(String filterName) {
            return switch (filterName) {
                case "vpc-id" -> List.of(id);
                case "cidr", "cidr-block-association.cidr-block" -> List.of(cidr);
                case "dhcp-options-id" -> List.of(dhcpOptionsId);
                case "is-default" -> List.of("false");
                case "state" -> List.of("available");
                case "owner-id" -> List.of(ownerId);
                default -> null;
            };
        }
    }

    static final class Subnet extends Taggable {
        static final java.util.Set<String> FILTERS = java.util.Set.of("subnet-id", "vpc-id", "availability-zone",
                "availability-zone-id", "state", "cidr-block", "cidr", "cidrBlock", "default-for-az", "owner-id", "subnet-arn",
                "map-public-ip-on-launch");
        final String vpcId;
        final String zone;
        final String zoneId;
        final String cidr;
        /** 10.0.N.x: the third octet of the subnet's first address. */
        final int octet;
        /** The CIDR's prefix length (24 unless the config's {@code subnetPrefixLength} says otherwise). */
        final int prefixLength;
        /** Usable addresses: the CIDR's size minus the 5 EC2 reserves (251 for a /24). */
        final int capacity;
        /** Addresses taken by things other than instances (set from tests / the demo). */
        int reservedByOthers;
        String arn;
        String ownerId;
        /** A public subnet (route table 0.0.0.0/0 → igw); it maps public IPs on launch. */
        final boolean isPublic;

        Subnet(String id, String vpcId, String zone, String zoneId, int octet, boolean isPublic) {
            this(id, vpcId, zone, zoneId, octet, 24, isPublic);
        }

        Subnet(String id, String vpcId, String zone, String zoneId, int octet, int prefixLength, boolean isPublic) {
            super(id);
            this.isPublic = isPublic;
            this.vpcId = vpcId;
            this.zone = zone;
            this.zoneId = zoneId;
            this.octet = octet;
            this.prefixLength = prefixLength;
            this.capacity = (1 << (32 - prefixLength)) - 5;
            this.cidr = "10.0." + octet + ".0/" + prefixLength;
        }

        @Override
        String resourceType() {
            return "subnet";
        }

        @Override
        public Collection<String> valuesOf(String filterName) {
            return switch (filterName) {
                case "subnet-id" -> List.of(id);
                case "vpc-id" -> List.of(vpcId);
                case "availability-zone" -> List.of(zone);
                case "availability-zone-id" -> List.of(zoneId);
                case "state" -> List.of("available");
                case "cidr-block", "cidr", "cidrBlock" -> List.of(cidr);
                case "default-for-az" -> List.of("false");
                case "owner-id" -> List.of(ownerId);
                case "subnet-arn" -> List.of(arn);
                case "map-public-ip-on-launch" -> List.of(String.valueOf(isPublic));
                default -> null;
            };
        }
    }

    static final class SecurityGroup extends Taggable {
        static final java.util.Set<String> FILTERS = java.util.Set.of("group-id", "group-name", "vpc-id", "description", "owner-id");
        final String name;
        final String description;
        final String vpcId;
        String ownerId;

        SecurityGroup(String id, String name, String description, String vpcId) {
            super(id);
            this.name = name;
            this.description = description;
            this.vpcId = vpcId;
        }

        @Override
        String resourceType() {
            return "security-group";
        }

        @Override
        public Collection<String> valuesOf(String filterName) {
            return switch (filterName) {
                case "group-id" -> List.of(id);
                case "group-name" -> List.of(name);
                case "vpc-id" -> List.of(vpcId);
                case "description" -> List.of(description);
                case "owner-id" -> List.of(ownerId);
                default -> null;
            };
        }
    }

    static final class Image extends Taggable {
        static final java.util.Set<String> FILTERS = java.util.Set.of("image-id", "name", "architecture", "state", "owner-id",
                "owner-alias", "is-public", "image-type", "root-device-type", "virtualization-type", "description",
                "platform-details", "hypervisor", "creation-date");
        final String name;
        final String description;
        final String architecture;
        final String ownerId;
        final String ownerAlias;
        final Instant creationDate;
        final Instant deprecationTime;

        Image(String id, String name, String description, String architecture, String ownerId, String ownerAlias,
              Instant creationDate, Instant deprecationTime) {
            super(id);
            this.name = name;
            this.description = description;
            this.architecture = architecture;
            this.ownerId = ownerId;
            this.ownerAlias = ownerAlias;
            this.creationDate = creationDate;
            this.deprecationTime = deprecationTime;
        }

        @Override
        String resourceType() {
            return "image";
        }

        boolean isDeprecated(Instant now) {
            return deprecationTime != null && !now.isBefore(deprecationTime);
        }

        @Override
        public Collection<String> valuesOf(String filterName) {
            return switch (filterName) {
                case "image-id" -> List.of(id);
                case "name" -> List.of(name);
                case "description" -> List.of(description);
                case "architecture" -> List.of(architecture);
                case "state" -> List.of("available");
                case "owner-id" -> List.of(ownerId);
                case "owner-alias" -> ownerAlias == null ? List.of() : List.of(ownerAlias);
                case "is-public" -> List.of("true");
                case "image-type" -> List.of("machine");
                case "root-device-type" -> List.of("ebs");
                case "virtualization-type" -> List.of("hvm");
                case "hypervisor" -> List.of("xen");
                case "platform-details" -> List.of("Linux/UNIX");
                case "creation-date" -> List.of(creationDate.toString());
                default -> null;
            };
        }
    }

    static final class LaunchTemplate extends Taggable {
        static final java.util.Set<String> FILTERS = java.util.Set.of("launch-template-name", "launch-template-id", "create-time");
        final String name;
        final Instant createTime;
        final String createdBy;
        final String versionDescription;
        /** The {@code LaunchTemplateData.*} request parameters, prefix stripped. One version only. */
        final QueryRequest data;

        LaunchTemplate(String id, String name, Instant createTime, String createdBy, String versionDescription, QueryRequest data) {
            super(id);
            this.name = name;
            this.createTime = createTime;
            this.createdBy = createdBy;
            this.versionDescription = versionDescription;
            this.data = data;
        }

        @Override
        String resourceType() {
            return "launch-template";
        }

        String imageId() {
            return data.string("ImageId");
        }

        List<String> securityGroupIds() {
            return data.list("SecurityGroupId");
        }

        /** Tags the template asks EC2 to put on instances it launches. */
        Map<String, String> instanceTags() {
            Map<String, String> tags = new LinkedHashMap<>();
            for (QueryRequest spec : data.structs("TagSpecification")) {
                if ("instance".equals(spec.string("ResourceType"))) {
                    for (QueryRequest tag : spec.structs("Tag")) {
                        tags.put(tag.string("Key"), tag.string("Value") == null ? "" : tag.string("Value"));
                    }
                }
            }
            return tags;
        }

        @Override
        public Collection<String> valuesOf(String filterName) {
            return switch (filterName) {
                case "launch-template-name" -> List.of(name);
                case "launch-template-id" -> List.of(id);
                case "create-time" -> List.of(createTime.toString());
                default -> null;
            };
        }
    }

    static final class Fleet extends Taggable {
        final Instant createTime;

        Fleet(String id, Instant createTime) {
            super(id);
            this.createTime = createTime;
        }

        @Override
        String resourceType() {
            return "fleet";
        }

        @Override
        public Collection<String> valuesOf(String filterName) {
            return null;
        }
    }

    static final class Instance extends Taggable {
        static final java.util.Set<String> FILTERS = java.util.Set.of("instance-id", "instance-state-name", "instance-state-code",
                "instance-type", "availability-zone", "subnet-id", "vpc-id", "image-id", "private-dns-name",
                "private-ip-address", "instance-lifecycle", "reservation-id", "architecture", "launch-time",
                "instance.group-id", "client-token", "spot-instance-request-id", "owner-id");
        final String type;
        final int vcpu;
        final String architecture;
        final String zone;
        final String subnetId;
        final String vpcId;
        final String imageId;
        final String privateIp;
        final String privateDns;
        /** {@code on-demand} or {@code spot}. */
        final String capacityType;
        final String spotRequestId;
        final String reservationId;
        final String ownerId;
        final List<String> securityGroupIds;
        final Instant launchTime;
        final String clientToken;
        final String launchTemplateId;
        final int ipsUsed;
        Instant shutdownAt;
        /** A shutdown EC2 has announced (spot interruption warning): it starts on its own at this time. */
        Instant scheduledShutdownAt;
        String scheduledReasonCode;
        String scheduledReasonMessage;
        /** When a stop began (stopping for the shutting-down duration, then stopped); null when never stopped. */
        Instant stopAt;
        String stateTransitionReason = "";
        String stateReasonCode;
        String stateReasonMessage;
        /** Computed by {@link #refresh}: the state at the last look. */
        InstanceState state = InstanceState.PENDING;

        Instance(String id, String type, int vcpu, String architecture, String zone, String subnetId, String vpcId,
                 String imageId, String privateIp, String capacityType, String spotRequestId, String reservationId,
                 String ownerId, List<String> securityGroupIds, Instant launchTime, String clientToken,
                 String launchTemplateId, int ipsUsed) {
            super(id);
            this.type = type;
            this.vcpu = vcpu;
            this.architecture = architecture;
            this.zone = zone;
            this.subnetId = subnetId;
            this.vpcId = vpcId;
            this.imageId = imageId;
            this.privateIp = privateIp;
            this.privateDns = "ip-" + privateIp.replace('.', '-') + ".ec2.internal";
            this.capacityType = capacityType;
            this.spotRequestId = spotRequestId;
            this.reservationId = reservationId;
            this.ownerId = ownerId;
            this.securityGroupIds = List.copyOf(securityGroupIds);
            this.launchTime = launchTime;
            this.clientToken = clientToken;
            this.launchTemplateId = launchTemplateId;
            this.ipsUsed = ipsUsed;
        }

        @Override
        String resourceType() {
            return "instance";
        }

        /**
         * Moves the state along the clock: pending → running, shutting-down → terminated, stopping → stopped; an
         * announced shutdown begins at its time.
         */
        void refresh(Instant now, Duration pending, Duration shuttingDown) {
            if (shutdownAt == null && scheduledShutdownAt != null && !now.isBefore(scheduledShutdownAt)) {
                shutdownAt = scheduledShutdownAt;
                stateTransitionReason = "Service initiated (" + scheduledShutdownAt + ")";
                stateReasonCode = scheduledReasonCode;
                stateReasonMessage = scheduledReasonMessage;
            }
            if (shutdownAt != null) {
                state = now.isBefore(shutdownAt.plus(shuttingDown)) ? InstanceState.SHUTTING_DOWN : InstanceState.TERMINATED;
            } else if (stopAt != null) {
                state = now.isBefore(stopAt.plus(shuttingDown)) ? InstanceState.STOPPING : InstanceState.STOPPED;
            } else {
                state = now.isBefore(launchTime.plus(pending)) ? InstanceState.PENDING : InstanceState.RUNNING;
            }
        }

        Instant terminatedAt(Duration shuttingDown) {
            return shutdownAt == null ? null : shutdownAt.plus(shuttingDown);
        }

        String providerId() {
            return "aws:///" + zone + "/" + id;
        }

        @Override
        public Collection<String> valuesOf(String filterName) {
            return switch (filterName) {
                case "instance-id" -> List.of(id);
                case "instance-state-name" -> List.of(state.wireName);
                case "instance-state-code" -> List.of(String.valueOf(state.code));
                case "instance-type" -> List.of(type);
                case "availability-zone" -> List.of(zone);
                case "subnet-id" -> List.of(subnetId);
                case "vpc-id" -> List.of(vpcId);
                case "image-id" -> List.of(imageId);
                case "private-dns-name" -> List.of(privateDns);
                case "private-ip-address" -> List.of(privateIp);
                case "instance-lifecycle" -> "spot".equals(capacityType) ? List.of("spot") : List.of();
                case "reservation-id" -> List.of(reservationId);
                case "architecture" -> List.of(architecture);
                case "launch-time" -> List.of(launchTime.toString());
                case "instance.group-id" -> securityGroupIds;
                case "client-token" -> clientToken == null ? List.of() : List.of(clientToken);
                case "spot-instance-request-id" -> spotRequestId == null ? List.of() : List.of(spotRequestId);
                case "owner-id" -> List.of(ownerId);
                default -> null;
            };
        }
    }
}
