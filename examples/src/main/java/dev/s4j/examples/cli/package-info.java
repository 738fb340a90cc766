/**
 * The {@code s4j} command line (picocli): {@code train}, {@code eval} and {@code data}.
 */
package dev.s4j.examples.cli;
