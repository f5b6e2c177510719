package io.kafkarpenter.tagreconciler.nodeclass;

import java.util.List;

import io.kafkarpenter.model.crd.AmiStatus;
import io.kafkarpenter.model.crd.SecurityGroupStatus;
import io.kafkarpenter.model.crd.SubnetStatus;

/**
 * What resolving one EC2NodeClass found: its subnets, groups and AMIs (with the terms that matched nothing), its
 * instance profile or why it has none, what the cheap validation found, and the discovery-tag conflicts of the last
 * discovery pass. Input of {@link NodeClassStatusBuilder}.
 *
 * @param amiProblem         why no AMI could be looked up (an unsupported alias), else null
 * @param instanceProfile    the profile's name, null when not ready
 * @param profileReason      the InstanceProfileReady reason when not ready, else null
 * @param profileMessage     its message
 * @param violations         validation problems (empty: valid)
 * @param discoveryConflicts {@code DiscoveryTagReconciler.lastReport().conflicts()}
 * @param selectsByDiscovery whether a subnet or group term selects by the discovery tag
 */
public record Resolution(SelectorResolver.Resolved<SubnetStatus> subnets,
                         SelectorResolver.Resolved<SecurityGroupStatus> securityGroups,
                         List<AmiStatus> amis, List<String> amiTerms, String amiProblem,
                         String instanceProfile, String profileReason, String profileMessage,
                         List<String> violations, List<String> discoveryConflicts, boolean selectsByDiscovery) {
}
