package io.fer4j.cli;

import io.fer4j.Ensembles;
import io.fer4j.Fer4jException;
import io.fer4j.model.Model;
import io.fer4j.saving.ModelFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer4j ensemble}: one SavedModel (and .keras) averaging models, with TTA inside the graph. */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
    description = "Build one Functional model that averages the members' probabilities over their test-time views "
        + "(flip, or ten crops for members that take smaller images), and save it as a SavedModel (serving_default: the same signature as a single model) and/or .keras.")
final class EnsembleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "M", description = "a member (SavedModel dir, .keras, .h5); repeat for each member")
  List<Path> models;

  @Option(names = "--tta", defaultValue = "tencrop", description = "none, flip or tencrop (default: ${DEFAULT-VALUE})")
  String tta;

  @Option(names = "--image-size", defaultValue = "48", description = "the ensemble's input images are SxS (default: ${DEFAULT-VALUE})")
  int imageSize;

  @Option(names = "--tta-sizes", split = ",", paramLabel = "S", description = "multi-scale TTA: also take each member's views of the image resized to SxS (bilinear), e.g. 44; comma-separated")
  List<Integer> ttaSizes = new ArrayList<>();

  @Option(names = "--classes", split = ",", paramLabel = "NAME", description = "output class names in output order, recorded with the SavedModel (default: those the members record; a .keras file records none)")
  List<String> classes;

  @Option(names = "--out", paramLabel = "DIR", description = "write the SavedModel here")
  Path out;

  @Option(names = "--keras", paramLabel = "FILE", description = "write the ensemble as a .keras file here")
  Path keras;

  @Override
  public Integer call() {
    if (out == null && keras == null) throw new Fer4jException("ensemble: give --out DIR (SavedModel) and/or --keras FILE");
    if (keras != null && !keras.getFileName().toString().endsWith(".keras")) throw new Fer4jException("--keras " + keras + ": the file name must end in .keras");
    Ensembles.Tta mode = Ensembles.Tta.parse(tta);
    List<Model> members = new ArrayList<>();
    try {
      for (Path p : models) members.add(ModelFiles.load(p));
      long channels = members.get(0).inputShape()[members.get(0).inputShape().length - 1];
      try (Model e = Ensembles.average(members, new long[] {imageSize, imageSize, channels}, mode, ttaSizes)) {
        if (classes != null) {
          if (e.classNames() != null && !e.classNames().equals(classes)) throw new Fer4jException("--classes " + String.join(",", classes) + ": the members record " + e.classNames());
          long n = e.outputShape()[e.outputShape().length - 1];
          if (classes.size() != n) throw new Fer4jException("--classes: " + classes.size() + " names for the members' " + n + " outputs");
          e.setClassNames(classes);
        }
        String sizes = ttaSizes.isEmpty() ? "" : " at sizes " + imageSize + "," + ttaSizes.toString().replaceAll("[\\[\\] ]", "");
        System.out.printf("ensemble of %d model(s), tta %s%s: %,d params, %d member calls per image%n",
            members.size(), tta, sizes, e.countParams(), e.layers().stream().filter(l -> l instanceof Model).mapToInt(l -> l.inboundNodes().size()).sum());
        if (out != null) {
          ModelFiles.save(e, out);
          System.out.println("SavedModel: " + out + (e.classNames() == null ? " (no class names: no member records them; give --classes)" : ""));
        }
        if (keras != null) {
          ModelFiles.save(e, keras);
          System.out.println("Keras file: " + keras);
        }
      }
    } finally {
      for (Model m : members) m.close();
    }
    return 0;
  }
}
