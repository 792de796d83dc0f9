package io.taskrunner.worker.internal;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One runner thread: takes queued tasks from {@link TaskDispatch} in order, admits and runs each
 * ({@link TaskIntake}, {@link AttemptRunner}), hands its outcome to the producer and moves on. When the
 * broker has the outcome, the task's poller is told to acknowledge the record (ACCEPT for a result, REJECT
 * for a dead letter, RELEASE when the write failed, for another try). Returns when the dispatch is stopped
 * and empty; an interrupt abandons the task at hand (its poller releases the record).
 */
public final class TaskRunner implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final TaskDispatch dispatch;
    private final TaskIntake intake;
    private final AttemptRunner attempts;
    private final ResultPublisher publisher;

    public TaskRunner(TaskDispatch dispatch, TaskIntake intake, AttemptRunner attempts, ResultPublisher publisher) {
        this.dispatch = dispatch;
        this.intake = intake;
        this.attempts = attempts;
        this.publisher = publisher;
    }

    @Override
    public void run() {
        try {
            QueuedTask task;
            while ((task = dispatch.take()) != null) {
                task.owner().started(task.record());
                long start = System.nanoTime();
                Outcome outcome;
                try {
                    outcome = outcomeOf(task.record());
                } finally {
                    dispatch.finished(System.nanoTime() - start);
                }
                publish(task, outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Outcome outcomeOf(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        Admission admission = intake.admit(record);
        return admission instanceof Admission.Run run
                ? Outcome.completed(attempts.run(run.task(), run.handler(), LockKeeper.NONE))
                : ((Admission.Refuse) admission).outcome();
    }

    private void publish(QueuedTask task, Outcome outcome) {
        ConsumerRecord<String, byte[]> record = task.record();
        publisher.sendThen(outcome, failure -> {
            if (failure == null) {
                task.owner().acknowledge(record, outcome.acknowledgement());
            } else {
                log.error("Releasing task record {}-{}@{} for redelivery: {}", record.topic(), record.partition(),
                        record.offset(), failure.getMessage());
                task.owner().acknowledge(record, AcknowledgeType.RELEASE);
            }
        });
    }
}
