package io.fer4j.serving;

import io.fer4j.Fer4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads TF Serving's {@code --model_config_file} text proto:
 * {@code model_config_list { config { name: 'm' base_path: '/models/m' model_platform: 'tensorflow'
 * model_version_policy { latest { num_versions: 1 } | specific { versions: 1 } | all {} }
 * version_labels { key: 'stable' value: 1 } } }}. A small hand-written parser: no code or paths
 * are evaluated, unknown fields are errors naming the line, and relative base paths resolve
 * against the file's directory.
 */
public final class ModelConfigFile {
  private final String text;
  private final Path file;
  private int pos;
  private int line = 1;

  private ModelConfigFile(Path file, String text) {
    this.file = file;
    this.text = text;
  }

  public static List<ModelConfig> read(Path file) {
    String s;
    try {
      if (Files.size(file) > 1 << 20) throw new Fer4jException(file + ": model config file larger than 1 MiB");
      s = Files.readString(file);
    } catch (IOException e) {
      throw new Fer4jException(file + ": cannot read model config file (" + e.getMessage() + ")", e);
    }
    return parse(file, s);
  }

  public static List<ModelConfig> parse(Path file, String text) {
    return new ModelConfigFile(file, text).configs();
  }

  private List<ModelConfig> configs() {
    List<ModelConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    expectField("model_config_list");
    optional(':');
    expect('{');
    while (!peek('}')) {
      expectField("config");
      optional(':');
      expect('{');
      ModelConfig c = config();
      if (!names.add(c.name())) throw error("model name '" + c.name() + "' configured twice");
      out.add(c);
    }
    expect('}');
    skipSpace();
    if (pos < text.length()) throw error("unexpected text after model_config_list");
    if (out.isEmpty()) throw error("model_config_list has no config");
    return out;
  }

  private ModelConfig config() {
    String name = null;
    String base = null;
    int latest = 1;
    List<Long> specific = new ArrayList<>();
    Map<String, Long> labels = new LinkedHashMap<>();
    while (!peek('}')) {
      String f = ident();
      switch (f) {
        case "name" -> { optional(':'); name = string(); }
        case "base_path" -> { optional(':'); base = string(); }
        case "model_platform" -> {
          optional(':');
          String p = string();
          if (!p.equals("tensorflow")) throw error("model_platform '" + p + "' is not supported (only 'tensorflow')");
        }
        case "model_version_policy" -> {
          optional(':');
          expect('{');
          String kind = ident();
          optional(':');
          expect('{');
          switch (kind) {
            case "latest" -> {
              while (!peek('}')) { expectField("num_versions"); optional(':'); latest = (int) number(); }
              if (latest < 1) throw error("num_versions must be >= 1");
            }
            case "specific" -> { while (!peek('}')) { expectField("versions"); optional(':'); specific.add(number()); } }
            case "all" -> latest = Integer.MAX_VALUE;
            default -> throw error("unknown model_version_policy '" + kind + "' (latest, specific or all)");
          }
          expect('}');
          expect('}');
        }
        case "version_labels" -> {
          optional(':');
          expect('{');
          String key = null;
          Long value = null;
          while (!peek('}')) {
            String k = ident();
            optional(':');
            if (k.equals("key")) key = string();
            else if (k.equals("value")) value = number();
            else throw error("unknown field '" + k + "' in version_labels");
          }
          expect('}');
          if (key == null || value == null) throw error("version_labels needs key and value");
          labels.put(key, value);
        }
        default -> throw error("unknown field '" + f + "' in config");
      }
    }
    expect('}');
    if (name == null || name.isEmpty()) throw error("config without name");
    if (base == null || base.isEmpty()) throw error("config '" + name + "' without base_path");
    Path p = Path.of(base);
    if (!p.isAbsolute() && file != null && file.toAbsolutePath().getParent() != null) p = file.toAbsolutePath().getParent().resolve(p);
    return new ModelConfig(name, p.normalize(), latest, specific, labels);
  }

  private Fer4jException error(String what) {
    return new Fer4jException((file == null ? "model config" : file.toString()) + ":" + line + ": " + what);
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') pos++;
      } else if (Character.isWhitespace(c) || c == ',' || c == ';') {
        if (c == '\n') line++;
        pos++;
      } else {
        return;
      }
    }
  }

  private boolean peek(char c) {
    skipSpace();
    if (pos >= text.length()) throw error("unexpected end of file (missing '}')");
    if (text.charAt(pos) == c) return true;
    return false;
  }

  private void optional(char c) {
    skipSpace();
    if (pos < text.length() && text.charAt(pos) == c) pos++;
  }

  private void expect(char c) {
    if (!peek(c)) throw error("expected '" + c + "' but found '" + text.charAt(pos) + "'");
    pos++;
  }

  private void expectField(String name) {
    String f = ident();
    if (!f.equals(name)) throw error("expected '" + name + "' but found '" + f + "'");
  }

  private String ident() {
    skipSpace();
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
    if (start == pos) throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "unexpected end of file");
    return text.substring(start, pos);
  }

  private long number() {
    String s = ident();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw error("expected a number but found '" + s + "'");
    }
  }

  private String string() {
    skipSpace();
    if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) throw error("expected a quoted string");
    char q = text.charAt(pos++);
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') throw error("unterminated string");
      char c = text.charAt(pos++);
      if (c == q) return b.toString();
      if (c == '\\') {
        if (pos >= text.length()) throw error("unterminated string");
        char e = text.charAt(pos++);
        b.append(switch (e) { case 'n' -> '\n'; case 't' -> '\t'; default -> e; });
      } else {
        b.append(c);
      }
    }
  }
}
