package dev.s4j.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.junit.jupiter.api.Test;

/** Progress lines: every field labelled, the line as wide as the terminal and no wider. */
class BarLineTest {

    /** The last line a bar drew at {@code width} columns, after {@code steps} of 250. */
    private static String drawn(int width, int steps) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        var consumer = new me.tongfei.progressbar.DelegatingProgressBarConsumer(line -> new PrintStream(sink, true, StandardCharsets.UTF_8)
                .println(line), width);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("epoch 2/5").setInitialMax(250).setRenderer(new BarLine())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(consumer).setUpdateIntervalMillis(10).build()) {
            bar.stepTo(steps);
            bar.setExtraMessage("loss 0.0682  acc 97.6%  85 samples/s");
            Thread.sleep(50);
        }
        String[] lines = sink.toString(StandardCharsets.UTF_8).strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void fieldsAreLabelledAndTheLineFitsTheWidth() throws Exception {
        String wide = drawn(160, 106);
        assertTrue(wide.length() <= 160, wide);
        for (String label : new String[] {"epoch 2/5", " 42%", "[", "step 106/250", "elapsed ", "left ", "loss 0.0682", "acc 97.6%",
            "85 samples/s"}) {
            assertTrue(wide.contains(label), label + " in " + wide);
        }
        String narrow = drawn(80, 106);
        assertTrue(narrow.length() <= 80, narrow);
        assertTrue(narrow.contains("step 106/250"), narrow);
        assertTrue(wide.indexOf(']') - wide.indexOf('[') > narrow.indexOf(']') - narrow.indexOf('['), "the bar shrinks first");
        assertEquals(40, drawn(40, 106).length(), "cut to the width when even the fields do not fit");
    }
}
