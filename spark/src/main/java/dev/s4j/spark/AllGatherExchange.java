package dev.s4j.spark;

import dev.s4j.autograd.nn.Parameter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.spark.BarrierTaskContext;

/**
 * Sums gradients with Spark's own {@code BarrierTaskContext.allGather}: every task sends its
 * {@link GradientMessage} as a Base64 string (allGather takes strings) and receives every task's,
 * through the driver, then sums them all in task order. Simple and needs nothing but Spark, but
 * slow and bounded: each task receives T messages of about 1.33 × 4 bytes per parameter through
 * the driver's RPC (capped by {@code spark.rpc.message.maxSize}, 128 MiB by default: models of up
 * to a few million parameters), and Spark 3.5 polls a barrier call's reply once a second, so
 * every step waits up to a second. {@link StarExchange} avoids both.
 */
final class AllGatherExchange implements GradientExchange {
    private final BarrierTaskContext context;

    AllGatherExchange(BarrierTaskContext context) {
        this.context = context;
    }

    @Override
    public Replica.StepShare exchange(Replica.StepShare local, List<Parameter> parameters) {
        String[] all = context.allGather(Base64.getEncoder().encodeToString(GradientMessage.encode(local, parameters)));
        List<byte[]> messages = new ArrayList<>(all.length);
        for (String m : all) {
            messages.add(Base64.getDecoder().decode(m));
        }
        return GradientMessage.sumInto(messages, parameters);
    }

    @Override
    public void close() {
    }
}
