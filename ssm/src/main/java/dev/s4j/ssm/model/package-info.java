/**
 * The deep S4 network (S4 §3.4, §4): {@link dev.s4j.ssm.model.Backbone} — a linear encoder,
 * residual S4 blocks with LayerNorm or BatchNorm (pre- or post-norm) and dropout, pooling, a
 * linear decoder — in the convolutional view, with per-row lengths for padded batches; and its
 * recurrent view, {@link dev.s4j.ssm.model.StepPlan} / {@link dev.s4j.ssm.model.BackboneStepper}.
 */
package dev.s4j.ssm.model;
