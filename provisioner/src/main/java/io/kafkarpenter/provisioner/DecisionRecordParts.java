package io.kafkarpenter.provisioner;

import java.util.ArrayList;
import java.util.List;

import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.PodOutcome;

/**
 * A pass's decision record in parts small enough for Kafka: a record lists every pod of the batch, ~90 bytes each, so
 * 20,000 pending pods are ~1.8 MB — over the producer's {@code max.request.size} and the broker's
 * {@code message.max.bytes} (1 MiB each by default), and the send failed the whole pass after its launches were out.
 * Each part is the same record (scheduling id = key, decision id, kind, reason, time) with a consecutive share of the
 * pod outcomes, its message ending {@code (part i of n)}, the subjects (every new NodeClaim) in the first part only;
 * sizes are estimated from the strings, not serialized. Readers that collect outcomes per pod uid
 * ({@code bin/kk decisions}, the viewer, the e2e Observer) see every pod once.
 */
final class DecisionRecordParts {

    /** Half the 1 MiB default: room for headers, the record batch and outcome messages longer than the average. */
    static final int MAX_BYTES = 512 * 1024;

    private DecisionRecordParts() {
    }

    static List<DecisionRecord> of(DecisionRecord record) {
        return of(record, MAX_BYTES);
    }

    static List<DecisionRecord> of(DecisionRecord record, int maxBytes) {
        List<PodOutcome> outcomes = record.podOutcomes();
        // estimated from the strings, not serialized: the record of a 20,000-pod pass is megabytes of JSON tree
        long budget = maxBytes * 3L / 4 - estimate(record.message()) - 4096; // the other fields, escapes, UTF-8
        List<List<PodOutcome>> shares = new ArrayList<>();
        List<PodOutcome> share = new ArrayList<>();
        long bytes = record.subjects().stream().mapToLong(s -> 40 + estimate(s.toString())).sum(); // first part only
        for (PodOutcome o : outcomes) {
            long size = estimate(o);
            if (!share.isEmpty() && bytes + size > budget) {
                shares.add(share);
                share = new ArrayList<>();
                bytes = 0;
            }
            share.add(o);
            bytes += size;
        }
        shares.add(share);
        if (shares.size() == 1) {
            return List.of(record);
        }
        List<DecisionRecord> out = new ArrayList<>(shares.size());
        for (int i = 0; i < shares.size(); i++) {
            out.add(new DecisionRecord(record.schedulingId(), record.decisionId(), record.service(), record.kind(),
                i == 0 ? record.subjects() : List.of(), record.reason(), record.message() + " (part " + (i + 1) + " of " + shares.size() + ")",
                List.copyOf(shares.get(i)), record.at()));
        }
        return out;
    }

    /** An outcome's JSON size, about: its strings and ~100 bytes of field names and punctuation. */
    private static long estimate(PodOutcome o) {
        return 100 + estimate(o.pod().namespace()) + estimate(o.pod().name()) + estimate(o.pod().uid())
            + estimate(o.reason().name()) + estimate(o.message()) + estimate(o.target());
    }

    private static long estimate(String s) {
        return s == null ? 0 : s.length();
    }
}
