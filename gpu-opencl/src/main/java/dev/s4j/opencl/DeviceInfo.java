package dev.s4j.opencl;

import java.util.Locale;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as the runtime reports it.
 *
 * @param index         position in the list of all devices of all platforms (for {@code s4j.opencl.device})
 * @param platform      the platform's handle
 * @param device        the device's handle
 * @param platformName  CL_PLATFORM_NAME
 * @param name          CL_DEVICE_NAME
 * @param type          GPU, ACCELERATOR, CPU or OTHER
 * @param version       CL_DEVICE_VERSION
 * @param fp64          whether the device supports {@code cl_khr_fp64} (double precision)
 * @param globalMemory  CL_DEVICE_GLOBAL_MEM_SIZE in bytes
 * @param maxAllocation CL_DEVICE_MAX_MEM_ALLOC_SIZE in bytes: the largest single buffer
 * @param computeUnits  CL_DEVICE_MAX_COMPUTE_UNITS
 */
public record DeviceInfo(int index, cl_platform_id platform, cl_device_id device, String platformName, String name,
                         Type type, String version, boolean fp64, long globalMemory, long maxAllocation,
                         int computeUnits) {

    /** Device kinds, in order of preference. */
    public enum Type {
        /** A graphics processor. */
        GPU,
        /** A dedicated accelerator. */
        ACCELERATOR,
        /** A CPU device (e.g. PoCL). */
        CPU,
        /** Anything else. */
        OTHER
    }

    /** One line for listings: index, name, type, version, fp64, memory and compute units. */
    public String describe() {
        return String.format(Locale.ROOT, "device %d: %s (%s; %s; fp64 %s; %.1f GiB; %d compute units; platform %s)",
                index, name, type, version, fp64 ? "yes" : "no", globalMemory / (double) (1L << 30), computeUnits,
                platformName);
    }
}
