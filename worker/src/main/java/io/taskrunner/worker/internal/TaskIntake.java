package io.taskrunner.worker.internal;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskError;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.worker.HandlerRegistry;
import io.taskrunner.worker.TaskHandler;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decides, before anything runs, whether a task record can be run. Refused are: records larger than the
 * payload limit, records delivered so often that they look like they kill their workers, records that do
 * not decode or carry another protocol version, and tasks of a type no handler runs. A refused record
 * becomes a dead letter with the reason and, when its id, run and seq can be read, a REJECTED result. A cancelled
 * task is answered CANCELLED (no dead letter: nothing is wrong with it).
 */
public final class TaskIntake {
    private final ProtocolCodec codec;
    private final HandlerRegistry handlers;
    private final String workerId;
    private final Clock clock;
    private final int maxPayloadBytes;
    private final int deliveryLimit;
    private final CancelledTasks cancelled;

    public TaskIntake(ProtocolCodec codec, HandlerRegistry handlers, String workerId, Clock clock, int maxPayloadBytes,
                      int deliveryLimit, CancelledTasks cancelled) {
        this.cancelled = cancelled;
        this.codec = codec;
        this.handlers = handlers;
        this.workerId = workerId;
        this.clock = clock;
        this.maxPayloadBytes = maxPayloadBytes;
        this.deliveryLimit = deliveryLimit;
    }

    public Admission admit(ConsumerRecord<String, byte[]> record) {
        long pickedUpAt = clock.millis();
        int size = record.value() == null ? 0 : record.value().length;
        if (size > maxPayloadBytes) {
            return refuse(record, "oversize", "task record of " + size + " bytes is over the worker's limit of "
                    + maxPayloadBytes + " bytes (--max-payload-bytes)", "OversizeTask", pickedUpAt);
        }
        int deliveries = LongTaskLane.deliveries(record);
        if (deliveries >= deliveryLimit) {
            return refuse(record, "delivery-limit", "delivered " + deliveries + " times without a result: the workers "
                    + "running it died or hung each time", "DeliveryLimitReached", pickedUpAt);
        }
        TaskMessage task;
        try {
            task = codec.decodeTask(record.value());
        } catch (ProtocolException e) {
            String reason = e instanceof ProtocolCodec.UnsupportedVersionException ? "unsupported-version" : "undecodable";
            return refuse(record, reason, e.getMessage(), "InvalidTask", pickedUpAt);
        }
        if (cancelled.isCancelled(task.run(), task.id())) {
            ResultMessage result = ResultMessage.of(task, TaskStatus.CANCELLED, null,
                    new TaskError("Cancelled", "cancelled before it started"), workerId, pickedUpAt, clock.millis());
            return new Admission.Refuse(Outcome.completed(result));
        }
        Optional<TaskHandler> handler = handlers.find(task.type());
        if (handler.isEmpty()) {
            String detail = "no handler for task type '" + task.type() + "'; this worker runs: "
                    + String.join(", ", handlers.types());
            ResultMessage rejected = ResultMessage.of(task, TaskStatus.REJECTED, null,
                    new TaskError("UnknownTaskType", detail), workerId, pickedUpAt, clock.millis());
            return new Admission.Refuse(Outcome.rejected(Optional.of(rejected),
                    new DeadLetter(record, "unknown-type", detail)));
        }
        return new Admission.Run(task, handler.get());
    }

    /**
     * Dead-letters a record that cannot be run, and answers it with a REJECTED result when its id, run and
     * sequence number (within {@link TaskMessage#SEQ_LIMIT}) can be read. Without a sequence number there is no result: collectors and clients file
     * results by it, and one given a made-up number would be taken for (or drop as a duplicate) another
     * task's; such a record was not submitted by taskrunner, and the dead letter keeps it with the reason.
     */
    private Admission refuse(ConsumerRecord<String, byte[]> record, String reason, String detail, String errorType,
                             long pickedUpAt) {
        Optional<ResultMessage> rejected = codec.peekIdentity(record.value())
                .filter(identity -> identity.seq() >= 0 && identity.seq() < TaskMessage.SEQ_LIMIT)
                .map(identity -> new ResultMessage(
                ProtocolCodec.VERSION, ResultMessage.KIND, identity.id(), identity.run(), identity.seq(),
                identity.type(), TaskStatus.REJECTED, null, new TaskError(errorType, detail), 1, workerId,
                identity.submittedAt(), pickedUpAt, clock.millis()));
        return new Admission.Refuse(Outcome.rejected(rejected, new DeadLetter(record, reason, detail)));
    }
}
