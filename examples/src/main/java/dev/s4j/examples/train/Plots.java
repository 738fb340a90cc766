package dev.s4j.examples.train;

import dev.s4j.autograd.Grad;
import dev.s4j.autograd.Tensor;
import dev.s4j.autograd.io.AtomicFiles;
import dev.s4j.ssm.kernel.SsmKernel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The run's pictures (XChart, PNG): learning curves and learned kernels. */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Loss and (for classification) accuracy per epoch, training and validation, side by side. */
    public static void curves(Path file, List<EpochSummary> epochs) throws IOException {
        if (epochs.isEmpty()) {
            return;
        }
        double[] x = epochs.stream().mapToDouble(EpochSummary::epoch).toArray();
        List<XYChart> charts = new ArrayList<>();
        XYChart loss = chart("Loss", "loss");
        series(loss, "train", x, epochs.stream().mapToDouble(EpochSummary::trainLoss).toArray());
        series(loss, "validation", x, epochs.stream().mapToDouble(e -> e.val().loss()).toArray());
        charts.add(loss);
        if (epochs.get(0).trainAcc() != null) {
            XYChart acc = chart("Accuracy", "accuracy");
            series(acc, "train", x, epochs.stream().mapToDouble(EpochSummary::trainAcc).toArray());
            series(acc, "validation", x, epochs.stream().mapToDouble(e -> e.val().acc()).toArray());
            charts.add(acc);
        }
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static XYChart chart(String title, String y) {
        XYChart c = new XYChartBuilder().width(560).height(400).title(title).xAxisTitle("epoch").yAxisTitle(y).build();
        c.getStyler().setMarkerSize(6);
        return c;
    }

    private static void series(XYChart c, String name, double[] x, double[] y) {
        c.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }

    /** The first {@code count} channels of the kernel {@code K̄ (C, H, L)} of channel 0, over {@code length} positions. */
    public static void kernels(Path file, SsmKernel kernel, int length, int count) throws IOException {
        Tensor k;
        try (Grad.Scope off = Grad.disabled()) {
            k = kernel.kernel(length);
        }
        int h = Math.min(count, kernel.width());
        double[] t = new double[length];
        for (int i = 0; i < length; i++) {
            t[i] = i;
        }
        XYChart c = new XYChartBuilder().width(900).height(420).title("Learned SSM kernels of the first layer")
                .xAxisTitle("position").yAxisTitle("K").build();
        c.getStyler().setMarkerSize(0);
        float[] v = k.toFloatArray();
        for (int j = 0; j < h; j++) {
            double[] y = new double[length];
            for (int i = 0; i < length; i++) {
                y[i] = v[j * length + i];
            }
            c.addSeries("channel " + j, t, y).setMarker(SeriesMarkers.NONE);
        }
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
