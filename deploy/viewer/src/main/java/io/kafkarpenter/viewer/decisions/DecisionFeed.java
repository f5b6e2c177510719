package io.kafkarpenter.viewer.decisions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Reads {@code kk.decisions} (channel {@code decisions}, a consumer group of its own per process, from the beginning)
 * and keeps the latest {@value #KEEP} decisions for the page, the latest outcome of each pod ({@link PodReasons}) and
 * a live stream for the page's Server-Sent Events. A record it cannot read is logged and skipped: the viewer writes
 * nothing, not even to a dead-letter topic.
 */
@ApplicationScoped
public class DecisionFeed {

    private static final Logger LOG = Logger.getLogger(DecisionFeed.class);
    static final int KEEP = 300;

    private final Deque<DecisionView> latest = new ArrayDeque<>();
    private final PodReasons podReasons = new PodReasons();
    private final BroadcastProcessor<DecisionView> live = BroadcastProcessor.create();
    private long seq;

    @Incoming("decisions")
    public void onRecord(byte[] payload) {
        if (payload == null) {
            return;
        }
        DecisionRecord record;
        try {
            record = EventJson.read(payload, DecisionRecord.class);
        } catch (InvalidEventException e) {
            LOG.warnf("skipping a record of kk.decisions it cannot read: %s", e.getMessage());
            return;
        }
        live.onNext(add(record));
    }

    /** Adds one decision; returns its view. */
    synchronized DecisionView add(DecisionRecord record) {
        DecisionView view = DecisionView.of(++seq, record);
        latest.addLast(view);
        while (latest.size() > KEEP) {
            latest.removeFirst();
        }
        podReasons.record(record);
        return view;
    }

    /** The latest decisions, newest first, at most {@code limit}. */
    public synchronized List<DecisionView> latest(int limit) {
        List<DecisionView> out = new ArrayList<>(Math.min(limit, latest.size()));
        var it = latest.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }

    /** The latest outcome of each pod (a copy). */
    public synchronized java.util.Map<String, PodReasons.Latest> podReasons() {
        return podReasons.snapshot();
    }

    /** Every decision read from now on. */
    public Multi<DecisionView> stream() {
        // a slow page must not fail the broadcast: it gets up to 1,000 decisions buffered, then misses some
        return live.onOverflow().buffer(1000);
    }
}
