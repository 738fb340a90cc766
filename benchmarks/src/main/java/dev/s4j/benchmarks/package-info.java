/**
 * JMH benchmarks. Build with {@code ./mvnw -B -pl benchmarks -am package -DskipTests}, run with
 * {@code java -jar benchmarks/target/benchmarks.jar [regexp]}; every benchmark forks a JVM with
 * {@code --add-modules jdk.incubator.vector}. Kernels use the shared pool at its default size
 * (all available processors) unless {@code -jvmArgsAppend -Ds4j.threads=N} is given.
 */
package dev.s4j.benchmarks;
