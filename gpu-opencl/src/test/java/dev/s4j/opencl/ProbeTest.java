package dev.s4j.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.s4j.autograd.accel.Accelerator;
import dev.s4j.autograd.accel.Accelerators;
import dev.s4j.autograd.accel.CpuAccelerator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The backend is found, probed and described; under CI it must be usable. */
class ProbeTest {

    @AfterEach
    void restore() {
        Accelerators.use(CpuAccelerator.INSTANCE);
    }

    @Test
    void theProbeSucceedsWhereCiInstalledOpenCl() {
        String reason = new OpenClAccelerator().probe();
        if (System.getenv("CI") != null) {
            assertNull(reason, "CI is set, so PoCL is installed and the OpenCL probe must succeed");
        } else {
            assumeTrue(reason == null, "no usable OpenCL device: " + reason);
        }
    }

    @Test
    void serviceLoaderFindsTheBackendAndAutoPicksIt() {
        TestDevice.require();
        Accelerator chosen = Accelerators.select("auto");
        assertEquals("opencl", chosen.name());
        assertTrue(Accelerators.report().contains("opencl: usable"), Accelerators.report().toString());
        assertEquals("cpu", Accelerators.select("cpu").name());
    }

    @Test
    void describeListsTheDevicesTheOneInUseAndTheThresholds() {
        TestDevice.require();
        List<String> lines = TestDevice.ACCELERATOR.describe();
        String all = String.join("\n", lines);
        assertTrue(all.contains("device 0: "), all);
        assertTrue(all.contains("fp64 "), all);
        assertTrue(all.contains("chosen: device "), all);
        assertTrue(all.contains("jobs run on the device from these sizes up (s4j.opencl.min.<kind>): cauchy 0"), all);
    }

    @Test
    void badThresholdPropertiesAreNamed() {
        System.setProperty("s4j.opencl.min.fft", "lots");
        try {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Thresholds.forDevice(DeviceInfo.Type.GPU));
            assertEquals("s4j.opencl.min.fft=lots is not a whole number of work units >= 0 or 'never'", e.getMessage());
        } finally {
            System.setProperty("s4j.opencl.min.fft", "0");
        }
    }
}
