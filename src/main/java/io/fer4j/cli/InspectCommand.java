package io.fer4j.cli;

import io.fer4j.savedmodel.SavedModels;
import io.fer4j.savedmodel.SignatureInfo;
import io.fer4j.savedmodel.TensorSpec;
import io.fer4j.savedmodel.VersionDirs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fer4j inspect MODEL}: what {@code saved_model_cli show --all} prints, without Python. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show a SavedModel's tag-sets and signatures (method, inputs/outputs with dtype and shape; -1 = unknown), like saved_model_cli show --all.")
final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "a SavedModel directory, or a model base path (its highest version)")
  Path model;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Path dir = VersionDirs.resolve(model);
    PrintWriter out = spec.commandLine().getOut();
    out.println("SavedModel " + dir);
    for (SavedModels.MetaGraphInfo mg : SavedModels.read(dir)) {
      out.println();
      out.println("MetaGraphDef with tag-set: '" + String.join(", ", mg.tags()) + "' contains the following SignatureDefs:");
      for (SignatureInfo s : mg.signatures().values()) {
        out.println();
        out.println("signature_def['" + s.key() + "']:");
        out.println("  The given SavedModel SignatureDef contains the following input(s):");
        print(out, "inputs", s.inputs());
        out.println("  The given SavedModel SignatureDef contains the following output(s):");
        print(out, "outputs", s.outputs());
        out.println("  Method name is: " + s.methodName());
      }
    }
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, String kind, Map<String, TensorSpec> specs) {
    for (TensorSpec t : specs.values()) {
      out.println("    " + kind + "['" + t.key() + "'] tensor_info:");
      out.println("        dtype: " + t.dtypeName());
      out.println("        shape: " + shape(t.shape()));
      out.println("        name: " + t.tensorName());
    }
  }

  static String shape(long[] s) {
    if (s == null) return "unknown_rank";
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < s.length; i++) b.append(i > 0 ? ", " : "").append(s[i]);
    return b.append(s.length == 1 ? ",)" : ")").toString();
  }
}
