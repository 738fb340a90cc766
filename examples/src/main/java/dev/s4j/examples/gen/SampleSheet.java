package dev.s4j.examples.gen;

import dev.s4j.autograd.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Generated digits on one PNG. With a prefix, one row per sample — the original digit, the prefix
 * the model saw (the hidden rest shaded blue), and the model's completion — eight rows to a block,
 * blocks side by side. Without one, the samples in rows of eight.
 */
final class SampleSheet {
    private static final int SIDE = 28;
    private static final int SCALE = 4;
    private static final int GAP = 10;
    private static final int HEADER = 22;
    private static final int PER_ROW = 8;
    private static final Color HIDDEN = new Color(30, 40, 90);

    private SampleSheet() {
    }

    /** Writes the sheet atomically; {@code originals} is ignored when {@code prefix} is 0. */
    static void write(Path png, List<int[]> originals, List<int[]> completions, int prefix) throws IOException {
        int cell = SIDE * SCALE;
        int n = completions.size();
        int blocks = prefix > 0 ? (n + PER_ROW - 1) / PER_ROW : 1;            // with a prefix: up to 8 triples per block, blocks side by side
        int blockWidth = 3 * (cell + GAP) + 2 * GAP;
        int cols = prefix > 0 ? 3 : Math.min(PER_ROW, n);
        int rows = prefix > 0 ? Math.min(n, PER_ROW) : (n + PER_ROW - 1) / PER_ROW;
        int width = prefix > 0 ? GAP + blocks * blockWidth - 2 * GAP : GAP + cols * (cell + GAP);
        BufferedImage img = new BufferedImage(width, HEADER + GAP + rows * (cell + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        String[] titles = prefix > 0 ? new String[] {"original", "first " + prefix + " pixels", "completion"}
                : new String[] {"samples (no prefix)"};
        for (int b = 0; b < blocks; b++) {
            for (int c = 0; c < titles.length; c++) {
                g.drawString(titles[c], GAP + b * blockWidth + c * (cell + GAP), HEADER - 6);
            }
        }
        for (int i = 0; i < n; i++) {
            if (prefix > 0) {
                int x = GAP + (i / PER_ROW) * blockWidth;
                int y = HEADER + GAP + (i % PER_ROW) * (cell + GAP);
                digit(img, x, y, originals.get(i), SIDE * SIDE);
                digit(img, x + cell + GAP, y, originals.get(i), prefix);
                digit(img, x + 2 * (cell + GAP), y, completions.get(i), SIDE * SIDE);
            } else {
                digit(img, GAP + (i % PER_ROW) * (cell + GAP), HEADER + GAP + (i / PER_ROW) * (cell + GAP), completions.get(i), SIDE * SIDE);
            }
        }
        g.dispose();
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    /** One digit (white on black, as MNIST), its pixels from {@code shown} on shaded. */
    private static void digit(BufferedImage img, int x0, int y0, int[] pixels, int shown) {
        for (int p = 0; p < SIDE * SIDE; p++) {
            int v = pixels[p];
            int rgb = p < shown ? new Color(v, v, v).getRGB() : HIDDEN.getRGB();
            for (int dy = 0; dy < SCALE; dy++) {
                for (int dx = 0; dx < SCALE; dx++) {
                    img.setRGB(x0 + (p % SIDE) * SCALE + dx, y0 + (p / SIDE) * SCALE + dy, rgb);
                }
            }
        }
    }
}
