package dev.s4j.autograd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The build runs the kernel tests once with the Vector API and once without: each run checks it got the path it meant. */
class VectorSupportTest {

    @Test
    void theExpectedKernelPathIsActive() {
        String expected = System.getProperty("s4j.expect.vector");
        assumeTrue(expected != null, "no expectation set for this run");
        assertEquals(Boolean.parseBoolean(expected), VectorSupport.available());
    }
}
