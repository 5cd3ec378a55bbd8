package io.fer4j.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A library user without an optional dependency: each feature, loaded in a class loader whose
 * classpath lacks that artifact, fails with fer4j's one-line error naming the artifact to add.
 */
class OptionalDependencyTest {
  @Test
  void ferPredictorWithoutOpenCvNamesTheArtifact() throws Exception {
    Throwable t = construct(without("opencv", "openblas"), "io.fer4j.faces.FerPredictor",
        new Object[] {"io.fer4j.predict.ImageModel", List.class, float.class, float.class, "io.fer4j.data.Interpolation"},
        null, List.of(), 1f, 0f, null);
    assertOneLine(t, "face detection needs org.bytedeco:opencv:4.10.0-1.5.11");
  }

  @Test
  void modelServerWithoutJavalinNamesTheArtifact() throws Exception {
    Throwable t = construct(without("javalin"), "io.fer4j.serving.ModelServer",
        new Object[] {"io.fer4j.serving.ModelManager", "io.fer4j.serving.ModelServer$Options"}, null, null);
    assertOneLine(t, "the model server needs io.javalin:javalin:6.7.0");
  }

  @Test
  void reportChartsWithoutXChartNameTheArtifact() throws Exception {
    try (URLClassLoader cl = without("xchart")) {
      var m = cl.loadClass("io.fer4j.report.Reports").getMethod("curves", Path.class, Path.class);
      Throwable t = null;
      try {
        m.invoke(null, Path.of("history.csv"), Path.of("curves.png"));
      } catch (InvocationTargetException e) {
        t = e.getCause();
      }
      assertOneLine(t, "report charts needs org.knowm.xchart:xchart:3.8.8");
    }
  }

  @Test
  void presentOnTheTestClasspath() {
    for (OptionalDependency d : OptionalDependency.values()) assertThat(d.present()).as(d.name()).isTrue();
  }

  private static void assertOneLine(Throwable t, String start) {
    assertThat(t).isNotNull();
    assertThat(t.getClass().getName()).isEqualTo("io.fer4j.Fer4jException");
    assertThat(t.getMessage()).startsWith(start).doesNotContain("\n").contains("add it to your build");
  }

  /** Constructs cls in loader cl; types given as Class or as a class name resolved in cl. Returns what the constructor threw. */
  private static Throwable construct(URLClassLoader cl, String cls, Object[] types, Object... args) throws Exception {
    try (cl) {
      Class<?>[] t = new Class<?>[types.length];
      for (int i = 0; i < types.length; i++) t[i] = types[i] instanceof Class<?> c ? c : cl.loadClass((String) types[i]);
      try {
        cl.loadClass(cls).getConstructor(t).newInstance(args);
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }
  }

  /** The test classpath less every jar whose name contains one of the words. */
  private static URLClassLoader without(String... words) throws Exception {
    List<URL> urls = new ArrayList<>();
    int dropped = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(e).getFileName().toString();
      boolean drop = false;
      for (String w : words) drop |= name.contains(w);
      if (drop) dropped++;
      else urls.add(Path.of(e).toUri().toURL());
    }
    assertThat(dropped).as("jars dropped for " + String.join(",", words)).isPositive();
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }
}
