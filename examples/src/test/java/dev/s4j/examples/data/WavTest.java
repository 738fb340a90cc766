package dev.s4j.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAV files: round trip, extra chunks, and refusal of what cannot be read. */
class WavTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip() throws IOException {
        short[] s = {0, 1, -1, 32767, -32768, 1234};
        Path f = dir.resolve("a.wav");
        Wav.write(f, new Wav.Audio(16000, s));
        assertEquals(44 + 12, Files.size(f));
        Wav.Audio back = Wav.read(f);
        assertEquals(16000, back.sampleRate());
        assertArrayEquals(s, back.samples());
    }

    private static byte[] wav(int format, int channels, int bits, int dataBytes, int present, boolean listChunk) {
        ByteBuffer b = ByteBuffer.allocate(200 + present).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes());
        if (listChunk) {
            b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});   // odd size, padded
        }
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(8000)
                .putInt(8000 * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < present; i++) {
            b.put((byte) i);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private String failure(byte[] content) throws IOException {
        Path f = dir.resolve("bad.wav");
        Files.write(f, content);
        String m = assertThrows(IOException.class, () -> Wav.read(f)).getMessage();
        assertTrue(m.contains("bad.wav"), m);
        return m;
    }

    @Test
    void skipsChunksItDoesNotNeed() throws IOException {
        Path f = dir.resolve("list.wav");
        Files.write(f, wav(1, 1, 16, 4, 4, true));
        Wav.Audio a = Wav.read(f);
        assertEquals(8000, a.sampleRate());
        assertArrayEquals(new short[] {0x0100, 0x0302}, a.samples());
    }

    @Test
    void refusesWhatItCannotRead() throws IOException {
        assertTrue(failure("hello world, not audio".getBytes()).contains("not a WAV file"));
        assertTrue(failure(wav(1, 1, 16, 100, 10, false)).contains("truncated"));
        assertTrue(failure(wav(1, 1, 8, 4, 4, false)).contains("8 bits"));
        assertTrue(failure(wav(3, 1, 16, 4, 4, false)).contains("format 3"));
        assertTrue(failure(wav(1, 2, 16, 4, 4, false)).contains("2 channels"));
        byte[] noData = Arrays.copyOf(wav(1, 1, 16, 0, 0, false), 36);
        assertTrue(failure(noData).contains("no data chunk"));
    }
}
