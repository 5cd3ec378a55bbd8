package io.fer4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's Java API example is examples/library-app's code, line for line: scripts/test
 * compiles and runs that app against the installed artifact, so the README cannot drift from
 * an API that works.
 */
class ReadmeExampleTest {
  @Test
  void readmeJavaExampleIsTheLibraryApp() throws Exception {
    List<String> app = Files.readAllLines(Path.of("examples/library-app/src/main/java/com/example/LibraryApp.java"));
    List<String> expected = new ArrayList<>();
    for (String l : app) if (l.startsWith("import ")) expected.add(l);
    expected.add("");
    int begin = app.indexOf("    // README:begin");
    int end = app.indexOf("    // README:end");
    assertThat(begin).isPositive();
    assertThat(end).isGreaterThan(begin);
    for (String l : app.subList(begin + 1, end)) expected.add(l.startsWith("    ") ? l.substring(4) : l);

    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## Java API");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    int stop = readme.indexOf("\n```\n", start);
    assertThat(section).isPositive();
    assertThat(readme.substring(start, stop).lines().toList()).isEqualTo(expected);
  }
}
