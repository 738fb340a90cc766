/**
 * JMH benchmarks. Build with {@code ./mvnw -B -pl benchmarks -am package -DskipTests}, run with
 * {@code java -jar benchmarks/target/benchmarks.jar [regexp]}; every benchmark forks a JVM with
 * {@code --add-modules jdk.incubator.vector}. Kernels use the shared pool at its default size
 * (all available processors) unless {@code -jvmArgsPrepend -Ds4j.threads=N} is given (not
 * {@code -jvmArgsAppend}, which on the command line replaces the benchmarks' own arguments, the
 * vector module among them).
 */
package dev.s4j.benchmarks;
