package dev.s4j.interop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One storage of a torch.save file: its raw bytes and element type. Several tensors may view the
 * same storage (a tensor and its transpose, a slice and its base).
 */
record TorchStorage(String key, TorchDType dtype, byte[] bytes) {

    /** Elements held. */
    long count() {
        return bytes.length / dtype.size();
    }

    /** Element {@code i} as a double (the real part of a complex element); exact for every dtype but int64 beyond 2^53. */
    double real(ByteBuffer buf, long i) {
        int at = Math.toIntExact(i * dtype.size());
        return switch (dtype) {
            case FLOAT32, COMPLEX64 -> buf.getFloat(at);
            case FLOAT64, COMPLEX128 -> buf.getDouble(at);
            case FLOAT16 -> Float.intBitsToFloat(halfToFloatBits(buf.getShort(at)));
            case BFLOAT16 -> Float.intBitsToFloat((buf.getShort(at) & 0xFFFF) << 16);
            case INT64 -> buf.getLong(at);
            case INT32 -> buf.getInt(at);
            case INT16 -> buf.getShort(at);
            case INT8 -> buf.get(at);
            case UINT8, BOOL -> buf.get(at) & 0xFF;
        };
    }

    /** The imaginary part of complex element {@code i}. */
    double imag(ByteBuffer buf, long i) {
        int at = Math.toIntExact(i * dtype.size());
        return dtype == TorchDType.COMPLEX64 ? buf.getFloat(at + 4) : buf.getDouble(at + 8);
    }

    ByteBuffer buffer(ByteOrder order) {
        return ByteBuffer.wrap(bytes).order(order);
    }

    /** IEEE half-precision bits to single-precision bits (subnormals, infinities and NaN included). */
    private static int halfToFloatBits(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return sign | 0x7F800000 | (mant << 13);
        }
        if (exp == 0) {
            if (mant == 0) {
                return sign;
            }
            int shift = Integer.numberOfLeadingZeros(mant) - 21;
            mant = (mant << shift) & 0x3FF;
            return sign | ((113 - shift) << 23) | (mant << 13);
        }
        return sign | ((exp + 112) << 23) | (mant << 13);
    }
}
