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
