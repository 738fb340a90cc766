package dev.s4j.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_NOT_FOUND;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL devices of this machine, and the choice among them: a GPU first, then an
 * accelerator, then a CPU device, in the order the platforms list them; the system property
 * {@code s4j.opencl.device} picks one by index or by a case-insensitive part of its name. Nothing
 * of OpenCL is loaded before {@link SignalChaining} allows it.
 */
final class DeviceCatalog {
    /** Status of clGetPlatformIDs when no ICD is installed (cl_khr_icd). */
    static final int PLATFORM_NOT_FOUND = -1001;

    private DeviceCatalog() {
    }

    /** Why no device can be listed: thrown with a one-line message for users. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** Every device of every platform, in platform order. */
    static List<DeviceInfo> devices() throws Unavailable {
        String unsafe = SignalChaining.reason();
        if (unsafe != null) {
            throw new Unavailable(unsafe);
        }
        try {
            CL.setExceptionsEnabled(true);
        } catch (LinkageError e) {
            throw new Unavailable("the OpenCL library could not be loaded (" + e
                    + "); install an ICD loader and a driver (Debian: ocl-icd-libopencl1 and, without a GPU, pocl-opencl-icd)");
        }
        int[] count = new int[1];
        try {
            clGetPlatformIDs(0, null, count);
        } catch (CLException e) {
            if (e.getStatus() == PLATFORM_NOT_FOUND) {
                throw new Unavailable("no OpenCL platform (CL_PLATFORM_NOT_FOUND_KHR, -1001): no driver (ICD) is installed;"
                        + " without a GPU, Debian's pocl-opencl-icd provides a CPU device");
            }
            throw new Unavailable("listing the OpenCL platforms failed: " + e.getMessage());
        }
        if (count[0] == 0) {
            throw new Unavailable("no OpenCL platform: no driver (ICD) is installed");
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        List<DeviceInfo> out = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            String platformName = platformString(platform, CL_PLATFORM_NAME);
            int[] n = new int[1];
            try {
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
            } catch (CLException e) {
                if (e.getStatus() == CL_DEVICE_NOT_FOUND) {
                    continue;
                }
                throw e;
            }
            cl_device_id[] ids = new cl_device_id[n[0]];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            for (cl_device_id id : ids) {
                out.add(info(out.size(), platform, platformName, id));
            }
        }
        if (out.isEmpty()) {
            throw new Unavailable("the OpenCL platforms (" + platforms.length + ") have no devices");
        }
        return out;
    }

    /**
     * The device to use: the one {@code wanted} names (an index or part of a name; empty for
     * the preferred kind).
     */
    static DeviceInfo choose(List<DeviceInfo> devices, String wanted) throws Unavailable {
        String w = wanted.trim();
        if (w.isEmpty()) {
            return devices.stream().min(Comparator.comparingInt((DeviceInfo d) -> d.type().ordinal())
                    .thenComparingInt(DeviceInfo::index)).orElseThrow();
        }
        if (w.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(w);
            if (i < devices.size()) {
                return devices.get(i);
            }
        } else {
            String needle = w.toLowerCase(Locale.ROOT);
            for (DeviceInfo d : devices) {
                if (d.name().toLowerCase(Locale.ROOT).contains(needle) || d.platformName().toLowerCase(Locale.ROOT).contains(needle)) {
                    return d;
                }
            }
        }
        StringBuilder known = new StringBuilder();
        for (DeviceInfo d : devices) {
            known.append(known.length() == 0 ? "" : ", ").append(d.index()).append(" '").append(d.name()).append('\'');
        }
        throw new Unavailable("s4j.opencl.device=" + wanted + " matches no device; there are: " + known);
    }

    private static DeviceInfo info(int index, cl_platform_id platform, String platformName, cl_device_id id) {
        long[] type = new long[1];
        clGetDeviceInfo(id, CL_DEVICE_TYPE, Sizeof.cl_long, Pointer.to(type), null);
        DeviceInfo.Type kind = (type[0] & CL_DEVICE_TYPE_GPU) != 0 ? DeviceInfo.Type.GPU
                : (type[0] & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? DeviceInfo.Type.ACCELERATOR
                : (type[0] & CL_DEVICE_TYPE_CPU) != 0 ? DeviceInfo.Type.CPU : DeviceInfo.Type.OTHER;
        String extensions = deviceString(id, CL_DEVICE_EXTENSIONS);
        boolean fp64 = Arrays.asList(extensions.split("\\s+")).contains("cl_khr_fp64");
        int[] units = new int[1];
        clGetDeviceInfo(id, CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint, Pointer.to(units), null);
        return new DeviceInfo(index, platform, id, platformName, deviceString(id, CL_DEVICE_NAME).trim(), kind,
                deviceString(id, CL_DEVICE_VERSION).trim(), fp64, deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE), units[0]);
    }

    private static long deviceLong(cl_device_id id, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(id, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static String deviceString(cl_device_id id, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(id, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(id, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(platform, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(platform, param, buf.length, Pointer.to(buf), null);
        return cString(buf).trim();
    }

    static String cString(byte[] buf) {
        int end = 0;
        while (end < buf.length && buf[end] != 0) {
            end++;
        }
        return new String(buf, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
