/**
 * Serving a trained model from any JVM: {@link dev.s4j.ssm.serve.Predictor} (immutable,
 * thread-safe, batched and ragged prediction) and its {@link dev.s4j.ssm.serve.StreamSession}s
 * (the recurrent view, one stream each, with serializable state); model files carry their
 * {@link dev.s4j.ssm.model.BackboneSpec} as JSON ({@link dev.s4j.ssm.serve.SpecJson}).
 */
package dev.s4j.ssm.serve;
