package io.taskrunner.collector.internal;

import io.taskrunner.collector.ResultOrder;
import io.taskrunner.core.protocol.ResultMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts distinct results into the requested order. Completion order passes each result straight through;
 * submission order holds a result back until every result with a smaller sequence number has been emitted.
 */
public final class Reorderer {
    private final ResultOrder order;
    private final Map<Long, ResultMessage> heldBack = new HashMap<>();
    private long nextSeq;

    public Reorderer(ResultOrder order) {
        this.order = order;
    }

    /** Takes one distinct result and returns those that may be emitted now, in order. */
    public List<ResultMessage> accept(ResultMessage result) {
        if (order == ResultOrder.COMPLETION) {
            return List.of(result);
        }
        if (result.seq() < nextSeq) {
            return List.of();
        }
        heldBack.put(result.seq(), result);
        List<ResultMessage> ready = new ArrayList<>();
        ResultMessage next;
        while ((next = heldBack.remove(nextSeq)) != null) {
            ready.add(next);
            nextSeq++;
        }
        return ready;
    }

    /** How many results wait for an earlier one. */
    public int heldBack() {
        return heldBack.size();
    }
}
