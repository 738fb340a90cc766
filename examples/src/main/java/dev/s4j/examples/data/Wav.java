package dev.s4j.examples.data;

import dev.s4j.autograd.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes WAV files of 16-bit PCM mono audio (RIFF/WAVE with a {@code fmt } and a
 * {@code data} chunk; other chunks are skipped). Anything else is refused with a message naming
 * the file and what is wrong.
 */
public final class Wav {
    private Wav() {
    }

    /**
     * Audio samples.
     *
     * @param sampleRate samples per second
     * @param samples    signed 16-bit samples
     */
    public record Audio(int sampleRate, short[] samples) {
    }

    /** Reads a 16-bit PCM mono WAV file. */
    public static Audio read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || !tag(b, 0).equals("RIFF") || !tag(b, 8).equals("WAVE")) {
            throw new IOException(file + ": not a WAV file (no RIFF/WAVE header)");
        }
        int at = 12;
        int rate = -1;
        short[] samples = null;
        while (at + 8 <= b.limit()) {
            String id = tag(b, at);
            long size = Integer.toUnsignedLong(b.getInt(at + 4));
            int body = at + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > b.limit()) {
                    throw new IOException(file + ": truncated fmt chunk");
                }
                int format = b.getShort(body) & 0xffff;
                int channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if ((format != 1 && format != 0xFFFE) || bits != 16) {
                    throw new IOException(file + ": unsupported WAV encoding (format " + format + ", " + bits
                            + " bits); expected 16-bit PCM");
                }
                if (channels != 1) {
                    throw new IOException(file + ": " + channels + " channels; expected mono");
                }
            } else if (id.equals("data")) {
                if (rate < 0) {
                    throw new IOException(file + ": data chunk before the fmt chunk");
                }
                long available = b.limit() - body;
                if (size > available) {
                    throw new IOException(file + ": truncated: the data chunk announces " + size + " bytes but " + available
                            + " follow");
                }
                samples = new short[(int) (size / 2)];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = b.getShort(body + 2 * i);
                }
                break;
            }
            at = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        if (rate < 0) {
            throw new IOException(file + ": no fmt chunk");
        }
        if (samples == null) {
            throw new IOException(file + ": no data chunk");
        }
        return new Audio(rate, samples);
    }

    /** Writes a 16-bit PCM mono WAV file atomically. */
    public static void write(Path file, Audio audio) throws IOException {
        int bytes = audio.samples().length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + bytes);
        b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) 1).putShort((short) 1).putInt(audio.sampleRate()).putInt(audio.sampleRate() * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(bytes);
        for (short s : audio.samples()) {
            b.putShort(s);
        }
        AtomicFiles.write(file, out -> out.write(b.array()));
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
