package dev.s4j.examples.train;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress bars ({@link BarLine}: labelled fields): redrawn in place twice a second on a terminal,
 * as wide as the terminal ($COLUMNS if set, else the width the terminal reports); when the output
 * goes to a file or a CI log, a plain line of at most 110 characters every ten seconds instead.
 */
public final class Bars {
    private static final int LOG_WIDTH = 110;

    private Bars() {
    }

    /** A bar for {@code max} units of {@code task}. */
    public static ProgressBarBuilder builder(String task, long max) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setRenderer(new BarLine());
        if (System.console() == null) {
            b.setConsumer(new DelegatingProgressBarConsumer(line -> System.err.println(line.strip()), LOG_WIDTH))
                    .setUpdateIntervalMillis(10_000);
        } else {
            int columns = columns();
            if (columns > 0) {
                b.setMaxRenderedLength(columns - 1);
            }
            b.setUpdateIntervalMillis(500);
        }
        return b;
    }

    /** $COLUMNS if set to a number, else 0 (the library then asks the terminal). */
    private static int columns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
