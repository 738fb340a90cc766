package dev.s4j.examples.train;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * One line of a progress bar, every field labelled and the whole fitted to the width it is given
 * (the terminal's): {@code epoch 2/5  42% [=====     ] step 106/250  elapsed 0:40  left 0:54  loss 0.0682 ...}.
 * The bar itself takes the room the fields leave; on a narrow terminal it goes, then the line is
 * cut.
 */
final class BarLine implements ProgressBarRenderer {
    private static final int MIN_BAR = 10;

    @Override
    public String render(ProgressState s, int width) {
        long current = s.getCurrent();
        long max = s.getMax();
        double fraction = max > 0 ? Math.min(1, (double) current / max) : 0;
        Duration elapsed = s.getElapsedAfterStart();
        long done = current - s.getStart();
        String left = done > 0 && max > current
                ? clock(elapsed.multipliedBy(max - current).dividedBy(done)) : max > 0 && current >= max ? "0:00" : "?";
        String head = String.format(Locale.ROOT, "%s %3.0f%% ", s.getTaskName(), 100 * fraction);
        String tail = String.format(Locale.ROOT, " step %d/%d  elapsed %s  left %s", current, max, clock(elapsed), left);
        String extra = s.getExtraMessage() == null || s.getExtraMessage().isEmpty() ? "" : "  " + s.getExtraMessage();
        int room = width - head.length() - tail.length() - extra.length() - 2;
        if (room < MIN_BAR) {
            String line = head + tail.strip() + extra;
            return line.length() <= width ? line : line.substring(0, Math.max(0, width));
        }
        int filled = (int) Math.round(fraction * room);
        return head + "[" + "=".repeat(filled) + " ".repeat(room - filled) + "]" + tail + extra;
    }

    /** h:mm:ss, or m:ss under an hour. */
    static String clock(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
