package dev.s4j.examples.data;

/**
 * A sequence task: its data splits and its objective.
 *
 * @param name        short name, e.g. "smnist"
 * @param description one line for people
 * @param length      L, positions per sequence
 * @param features    d, input features per position
 * @param objective   the output the model must produce and how it is scored
 * @param train       training split
 * @param validation  validation split
 * @param test        test split
 */
public record Task(String name, String description, int length, int features, Objective objective, SequenceDataset train,
                   SequenceDataset validation, SequenceDataset test) {

    /**
     * Checks, before any training, that every split's sequences have this task's length and
     * features (which the model is built for).
     *
     * @throws IllegalArgumentException naming the split and both shapes
     */
    public void check() {
        for (String name : new String[] {"train", "val", "test"}) {
            SequenceDataset split = split(name);
            if (split.size() == 0) {
                continue;
            }
            int[] shape = split.batch(new int[] {0}).inputs().shape();   // (1, L, d)
            if (shape.length != 3 || shape[1] != length || shape[2] != features) {
                throw new IllegalArgumentException(this.name + ": the " + name + " split has sequences of shape "
                        + dev.s4j.autograd.Shape.format(java.util.Arrays.copyOfRange(shape, 1, shape.length))
                        + " but the task, and the model built for it, expect (" + length + ", " + features + ")");
            }
        }
    }

    /** The split called "train", "val" or "test". */
    public SequenceDataset split(String split) {
        return switch (split) {
            case "train" -> train;
            case "val" -> validation;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + split + "'; choose train, val or test");
        };
    }
}
