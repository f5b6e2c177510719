package io.kafkarpenter.sandbox.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The simulator's SQS queues (standard queues, one per configured name) and their messages. Visibility (a received
 * message stays invisible until its visibility timeout, then is delivered again) runs on the simulator's clock; the
 * long poll of {@link #receive} waits on this object's monitor in real time (it is an HTTP request held open) and is
 * woken by every send, so it never spins. Everything sits behind this object's own lock, not the EC2 state's.
 */
final class SqsQueues {
    /** SQS's default queue visibility timeout. */
    static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(30);
    private static final String HANDLE_SEPARATOR = "#";

    /** One message; {@code visibleAt} moves forward on every receive, {@code receiptHandle} is the latest one. */
    static final class Message {
        final String messageId = UUID.randomUUID().toString();
        final String body;
        final String md5OfBody;
        final Instant sentAt;
        Instant visibleAt;
        Instant firstReceivedAt;
        int receiveCount;
        String receiptHandle;

        Message(String body, Instant sentAt, Instant visibleAt) {
            this.body = body;
            this.md5OfBody = md5Hex(body);
            this.sentAt = sentAt;
            this.visibleAt = visibleAt;
        }
    }

    /** What a receive hands out: a copy of the message as it was delivered. */
    record Delivery(String messageId, String receiptHandle, String body, String md5OfBody, Instant sentAt,
                    Instant firstReceivedAt, int receiveCount) {
    }

    /** How many deleted messages per queue {@link #deleted} remembers (the newest). */
    static final int DELETED_KEPT = 100;

    private final Clock clock;
    private final Map<String, List<Message>> queues = new LinkedHashMap<>();
    private final Map<String, java.util.Deque<DeletedMessage>> deleted = new LinkedHashMap<>();

    SqsQueues(Clock clock, List<String> names) {
        this.clock = clock;
        names.forEach(n -> {
            queues.put(n, new ArrayList<>());
            deleted.put(n, new java.util.ArrayDeque<>());
        });
    }

    synchronized boolean exists(String queue) {
        return queues.containsKey(queue);
    }

    synchronized List<String> names() {
        return List.copyOf(queues.keySet());
    }

    /** Puts a message on the queue (visible after {@code delay}) and wakes the long polls; returns it. */
    synchronized Message send(String queue, String body, Duration delay) {
        Instant now = clock.instant();
        Message m = new Message(body, now, now.plus(delay));
        queue(queue).add(m);
        notifyAll();
        return m;
    }

    /**
     * Up to {@code max} visible messages, oldest first, each made invisible for {@code visibility}. With none visible
     * it waits up to {@code wait} (real time) for a send, or for an invisible message's timeout when the clock is the
     * system clock; an empty list when the wait ends with nothing.
     */
    synchronized List<Delivery> receive(String queue, int max, Duration visibility, Duration wait) throws InterruptedException {
        List<Message> messages = queue(queue);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Instant now = clock.instant();
            List<Delivery> out = new ArrayList<>();
            for (Message m : messages) {
                if (out.size() == max) {
                    break;
                }
                if (!m.visibleAt.isAfter(now)) {
                    m.visibleAt = now.plus(visibility);
                    m.receiveCount++;
                    if (m.firstReceivedAt == null) {
                        m.firstReceivedAt = now;
                    }
                    m.receiptHandle = UUID.randomUUID() + HANDLE_SEPARATOR + m.messageId;
                    out.add(new Delivery(m.messageId, m.receiptHandle, m.body, m.md5OfBody, m.sentAt, m.firstReceivedAt,
                            m.receiveCount));
                }
            }
            long remaining = deadline - System.nanoTime();
            if (!out.isEmpty() || remaining <= 0) {
                return out;
            }
            long waitNanos = remaining;
            for (Message m : messages) {
                // the next message that becomes visible again, as far as the clock moves with real time
                long untilVisible = Duration.between(now, m.visibleAt).toNanos();
                waitNanos = Math.min(waitNanos, Math.max(untilVisible, 1_000_000));
            }
            long millis = Math.max(1, waitNanos / 1_000_000);
            wait(millis);
        }
    }

    /**
     * Deletes the message a receipt handle ({@code <uuid>#<message id>}) names, by any of its handles (an older one
     * too); a message already deleted is no error. False when the handle is not one the simulator hands out.
     */
    synchronized boolean delete(String queue, String receiptHandle) {
        List<Message> messages = queue(queue);
        int separator = receiptHandle.indexOf(HANDLE_SEPARATOR);
        if (separator != 36 || receiptHandle.length() != 36 + 1 + 36) {
            return false;
        }
        String messageId = receiptHandle.substring(separator + 1);
        java.util.Deque<DeletedMessage> gone = deleted.get(queue);
        messages.removeIf(m -> {
            if (!m.messageId.equals(messageId)) {
                return false;
            }
            if (gone.size() == DELETED_KEPT) {
                gone.removeFirst();
            }
            gone.addLast(new DeletedMessage(m.messageId, m.body, m.sentAt, m.receiveCount, clock.instant()));
            return true;
        });
        return true;
    }

    /** The bodies of the messages on a queue now (visible or not), oldest first. */
    synchronized List<String> bodies(String queue) {
        return queue(queue).stream().map(m -> m.body).toList();
    }

    /** The messages on a queue now (not deleted; visible or in flight), oldest first. */
    synchronized List<QueuedMessage> messages(String queue) {
        Instant now = clock.instant();
        return queue(queue).stream().map(m -> new QueuedMessage(m.messageId, m.body, m.sentAt, m.receiveCount,
                m.receiveCount > 0 && m.visibleAt.isAfter(now), m.visibleAt)).toList();
    }

    /** The last {@value #DELETED_KEPT} messages deleted from a queue, oldest first. */
    synchronized List<DeletedMessage> deleted(String queue) {
        queue(queue);
        return List.copyOf(deleted.get(queue));
    }

    private List<Message> queue(String name) {
        List<Message> messages = queues.get(name);
        if (messages == null) {
            throw new IllegalArgumentException("no queue " + name);
        }
        return messages;
    }

    static String md5Hex(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
