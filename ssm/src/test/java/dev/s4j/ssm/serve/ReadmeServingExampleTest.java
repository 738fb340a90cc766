package dev.s4j.ssm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.s4j.autograd.Generator;
import dev.s4j.ssm.kernel.NplrSpec;
import dev.s4j.ssm.layer.BlockSpec;
import dev.s4j.ssm.model.Backbone;
import dev.s4j.ssm.model.BackboneSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's serving example compiles as written and runs on a saved model. */
class ReadmeServingExampleTest {
    private static final String MARKER = "<!-- serving example";

    @TempDir
    Path dir;

    @Test
    void theExampleCompilesAndRuns() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int at = readme.indexOf(MARKER);
        assertTrue(at >= 0, "README has the serving example");
        int start = readme.indexOf("```java\n", at) + "```java\n".length();
        String code = readme.substring(start, readme.indexOf("```", start));
        Path source = dir.resolve("Serve.java");
        Files.writeString(source, code);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"), source.toString());
        assertEquals(0, rc, errors.toString(StandardCharsets.UTF_8));

        Path model = dir.resolve("model.safetensors");
        BackboneSpec spec = BackboneSpec.of(1, 10).withWidth(8).withLayers(2).withBlock(BlockSpec.of(NplrSpec.of(8)));
        Predictor.of(new Backbone(spec, new Generator(0))).save(model);
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("Serve").getMethod("main", String[].class).invoke(null, (Object) new String[] {model.toString()});
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), printed.toString(StandardCharsets.UTF_8));
        assertEquals("784 positions so far; batch of 2", lines.get(1));
        String[] halves = lines.get(0).split(" ≈ ");
        float[] streamed = parse(halves[0]);
        float[] batch = parse(halves[1]);
        for (int i = 0; i < batch.length; i++) {
            assertEquals(batch[i], streamed[i], 1e-4 * (1 + Math.abs(batch[i])), "the streamed output equals the batch one");
        }
    }

    private static float[] parse(String list) {
        String[] parts = list.substring(1, list.length() - 1).split(", ");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }
}
