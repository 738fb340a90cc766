package dev.s4j.examples.data;

import java.nio.file.Path;

/**
 * Which task to load and from where.
 *
 * @param name      the task
 * @param data      directory of its files, or null for the default (bundled MNIST sample,
 *                  /usr/share/datasets/fashion-mnist, the speech cache)
 * @param length    sequence length of the synthetic tasks, or 0 for their default (1024)
 * @param trainSize training examples of the synthetic tasks, or 0 for the default (8000)
 */
public record TaskSpec(TaskName name, Path data, int length, int trainSize) {

    public TaskSpec {
        if (length < 0 || trainSize < 0) {
            throw new IllegalArgumentException("task: length and training size must not be negative, got " + length + " and "
                    + trainSize);
        }
    }

    /** The task with every default. */
    public static TaskSpec of(TaskName name) {
        return new TaskSpec(name, null, 0, 0);
    }

    /** A copy with data replaced. */
    public TaskSpec withData(Path v) {
        return new TaskSpec(name, v, length, trainSize);
    }

    /** A copy with length replaced. */
    public TaskSpec withLength(int v) {
        return new TaskSpec(name, data, v, trainSize);
    }

    /** A copy with trainSize replaced. */
    public TaskSpec withTrainSize(int v) {
        return new TaskSpec(name, data, length, v);
    }
}
