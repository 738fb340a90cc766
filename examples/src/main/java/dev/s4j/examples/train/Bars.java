package dev.s4j.examples.train;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars: redrawn in place twice a second on a terminal; when the output goes to a file
 * or a CI log, a plain line every ten seconds instead.
 */
public final class Bars {
    private Bars() {
    }

    /** A bar for {@code max} units of {@code task}. */
    public static ProgressBarBuilder builder(String task, long max) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setMaxRenderedLength(110);
        if (System.console() == null) {
            b.setConsumer(new DelegatingProgressBarConsumer(line -> System.err.println(line.strip()), 110)).setUpdateIntervalMillis(10_000);
        } else {
            b.setUpdateIntervalMillis(500);
        }
        return b;
    }
}
