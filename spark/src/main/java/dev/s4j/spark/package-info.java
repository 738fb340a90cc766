/**
 * s4j on Apache Spark: {@link dev.s4j.spark.S4jModel}, a Spark ML transformer that scores
 * DataFrames of sequences with a per-executor {@link dev.s4j.ssm.serve.Predictor}, and
 * {@link dev.s4j.spark.S4jEstimator}, data-parallel synchronous training in barrier stages with
 * {@code s4j train}'s arithmetic. {@link dev.s4j.spark.SparkBench} measures both against one JVM.
 */
package dev.s4j.spark;
