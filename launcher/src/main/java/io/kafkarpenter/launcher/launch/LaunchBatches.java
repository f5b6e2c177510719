package io.kafkarpenter.launcher.launch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two deterministic rules of a merged CreateFleet (no I/O; launcher DESIGN.md, "Batched CreateFleet"): its id —
 * also its ClientToken and the tag on its instances — and which instance goes to which member. Both the launch that
 * received the answer and any later redelivery of a member compute the same, so a member adopts the instance meant
 * for it, never one meant for another member.
 */
public final class LaunchBatches {

    private LaunchBatches() {
    }

    /**
     * {@code kkb-<40 hex of sha256(sorted member names, input)>} (44 characters, within EC2's 64 for a ClientToken):
     * the same members with the same input always get the same id.
     */
    public static String batchId(List<String> members, String canonicalInput) {
        StringBuilder text = new StringBuilder(canonicalInput);
        members.stream().sorted().forEach(m -> text.append('\n').append(m));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "kkb-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The k-th member by name gets the k-th instance by id; members beyond the number of instances get none (they
     * are absent from the result). Stable under removing an assigned pair from both lists — a member that recorded its
     * instance drops out of both on a later look, and the others keep their instances — which is what lets a
     * redelivery recompute it from what is still unclaimed.
     */
    public static Map<String, String> assign(List<String> members, List<String> instanceIds) {
        List<String> names = new ArrayList<>(members);
        names.sort(null);
        List<String> ids = new ArrayList<>(instanceIds);
        ids.sort(null);
        Map<String, String> out = new LinkedHashMap<>();
        for (int k = 0; k < Math.min(names.size(), ids.size()); k++) {
            out.put(names.get(k), ids.get(k));
        }
        return out;
    }
}
