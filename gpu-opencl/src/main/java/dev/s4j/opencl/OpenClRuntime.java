package dev.s4j.opencl;

import java.util.List;

/**
 * The one OpenCL device this JVM uses, opened on first request: listed, chosen, opened (context,
 * queue, programs), checked against the CPU ({@link ProbeChecks}), with its thresholds. A
 * failure is remembered with its reason, so the work is done once. Everything is released at JVM
 * exit, or by {@link #close()} (after which the next request opens the device again).
 */
final class OpenClRuntime {
    /** Idle pooled buffers kept per device: at most this share of its memory. */
    private static final int IDLE_SHARE = 8;

    /** The device in use and the job sizes it takes. */
    record Session(ClDevice device, Thresholds thresholds) {
    }

    private static volatile Session session;
    private static String failure;
    private static boolean hooked;

    private OpenClRuntime() {
    }

    /** The open session, opening it if needed; throws with the reason the device is unusable. */
    static synchronized Session session() throws DeviceCatalog.Unavailable {
        if (session != null && !session.device().isClosed()) {
            return session;
        }
        if (failure != null) {
            throw new DeviceCatalog.Unavailable(failure);
        }
        try {
            session = open();
            return session;
        } catch (DeviceCatalog.Unavailable e) {
            failure = e.getMessage();
            throw e;
        } catch (RuntimeException | LinkageError e) {
            failure = reason(e);
            throw new DeviceCatalog.Unavailable(failure);
        }
    }

    /** The session if one is open, else null (opens nothing). */
    static synchronized Session current() {
        return session != null && !session.device().isClosed() ? session : null;
    }

    /** Releases the device; the next {@link #session()} opens it afresh. */
    static synchronized void close() {
        if (session != null) {
            session.device().close();
        }
        session = null;
        failure = null;
    }

    private static Session open() throws DeviceCatalog.Unavailable {
        List<DeviceInfo> devices = DeviceCatalog.devices();
        DeviceInfo chosen = DeviceCatalog.choose(devices, System.getProperty("s4j.opencl.device", ""));
        Thresholds thresholds;
        try {
            thresholds = Thresholds.forDevice(chosen.type());
        } catch (IllegalArgumentException e) {
            throw new DeviceCatalog.Unavailable(e.getMessage());
        }
        ClDevice device;
        try {
            device = ClDevice.open(chosen, chosen.globalMemory() / IDLE_SHARE);
        } catch (ClDevice.BuildFailure | IllegalArgumentException e) {
            throw new DeviceCatalog.Unavailable(e.getMessage());
        }
        String mismatch;
        try {
            mismatch = ProbeChecks.run(device);
        } catch (RuntimeException | LinkageError e) {
            device.close();
            throw new DeviceCatalog.Unavailable("a check job failed on " + chosen.name() + ": " + reason(e));
        }
        if (mismatch != null) {
            device.close();
            throw new DeviceCatalog.Unavailable(chosen.name() + ": " + mismatch);
        }
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(OpenClRuntime::closeAtExit, "s4j-opencl-release"));
            hooked = true;
        }
        return new Session(device, thresholds);
    }

    /** At exit: releases the device unless a job holds it for long (the process ends either way). */
    private static void closeAtExit() {
        Session s = session;
        if (s != null) {
            try {
                s.device().closeWithin(2_000);
            } catch (RuntimeException | LinkageError e) {
                // the process is ending; the driver releases what is left
            }
        }
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
