package io.fer4j;

import io.fer4j.layers.Average;
import io.fer4j.layers.Cropping2D;
import io.fer4j.layers.Flip;
import io.fer4j.layers.Input;
import io.fer4j.layers.KerasTensor;
import io.fer4j.layers.Resizing;
import io.fer4j.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ensembles and test-time augmentation as one Functional model: each member sees its views of the
 * input image (the image and its mirror; or ten crops — four corners and the centre, of the image
 * and of its mirror — when the member takes smaller images than the ensemble), the member's
 * probabilities are averaged over its views, and the members' averages are averaged. Views can also
 * be taken from the image resized to smaller sizes (multi-scale TTA: e.g. ten 40x40 crops of the
 * 48x48 face and ten of it resized to 44x44). Plain Keras layers and ops (Resizing, Cropping2D,
 * ops.flip, Average), so the exported SavedModel's
 * {@code serving_default} and the {@code .keras} file give the same numbers in TF Serving,
 * Python TF and Keras without any client-side TTA.
 */
public final class Ensembles {
  /** Test-time augmentation inside the graph. */
  public enum Tta {
    /** The image itself, or its centre crop for a member that takes smaller images. */
    NONE,
    /** The image and its horizontal mirror (centre crops for smaller members). */
    FLIP,
    /** Ten crops (corners + centre, plain and mirrored) for smaller members; FLIP for full-size ones. */
    TENCROP;

    public static Tta parse(String s) {
      return switch (s) {
        case "none" -> NONE;
        case "flip" -> FLIP;
        case "tencrop" -> TENCROP;
        default -> throw new Fer4jException("--tta must be none, flip or tencrop, got '" + s + "'");
      };
    }
  }

  private Ensembles() {}

  /** {@link #average(List, long[], Tta, List)} with views of the image at its own size only. */
  public static Model average(List<Model> members, long[] imageShape, Tta tta) {
    return average(members, imageShape, tta, List.of());
  }

  /**
   * Builds the averaging model over {@code members} for images of {@code imageShape} (H, W, C); it
   * shares the members' layers, so it computes with their current weights. Members must agree on
   * classes, input scaling and channels, and take images no larger than {@code imageShape}. Each
   * size in {@code alsoAt} (smaller than the image, at least the member's input) adds the member's
   * views of the image resized there (bilinear, as Keras Resizing); all views of a member weigh the
   * same. The members stay usable; the returned model has its own graph.
   */
  public static Model average(List<Model> members, long[] imageShape, Tta tta, List<Integer> alsoAt) {
    if (members.isEmpty()) throw new Fer4jException("an ensemble needs at least one model");
    Model first = members.get(0);
    for (int i = 0; i < members.size(); i++) check(members.get(i), i, first, imageShape);
    List<String> classes = classNames(members);
    KerasTensor image = Input.named("input_layer", imageShape); // Keras' default name: the signature of a single model
    List<Scale> scales = new ArrayList<>();
    scales.add(new Scale(image, imageShape, tta, ""));
    for (int size : alsoAt) {
      if (size >= imageShape[0] || size >= imageShape[1] || size <= 0) {
        throw new Fer4jException("ensemble: a TTA size must be smaller than the images (" + imageShape[0] + "x" + imageShape[1] + "), got " + size);
      }
      KerasTensor resized = new Resizing(size, size).setName("resize_" + size).apply(image);
      scales.add(new Scale(resized, new long[] {size, size, imageShape[2]}, tta, "_" + size));
    }
    List<KerasTensor> memberOutputs = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Model m = members.get(i);
      if (members.size() > 1) m.setName("member_" + i);
      List<KerasTensor> outs = new ArrayList<>();
      for (Scale sc : scales) for (KerasTensor view : sc.views(m.inputShape())) outs.add(m.apply(view));
      memberOutputs.add(outs.size() == 1 ? outs.get(0) : new Average().setName("average_" + i).apply(outs));
    }
    KerasTensor out = memberOutputs.size() == 1 ? memberOutputs.get(0) : new Average().setName("ensemble_average").apply(memberOutputs);
    Model e = new Model("fer_ensemble", List.of(image), List.of(out));
    double[] sc = first.inputScaling();
    e.setInputScaling(sc[0], sc[1]);
    if (classes != null) e.setClassNames(classes);
    return e;
  }

  private static void check(Model m, int i, Model first, long[] image) {
    long[] in = m.inputShape();
    String who = "ensemble member " + i + " (" + m.name() + ")";
    if (m.inputs().size() != 1 || m.outputs().size() != 1) throw new Fer4jException(who + ": needs one image input and one output");
    if (in.length != 3 || in[2] != image[2] || in[0] > image[0] || in[1] > image[1]) {
      throw new Fer4jException(who + ": takes " + Arrays.toString(in) + ", the ensemble's images are " + Arrays.toString(image));
    }
    if (!Arrays.equals(m.inputScaling(), first.inputScaling())) {
      throw new Fer4jException(who + ": input scaling " + Arrays.toString(m.inputScaling()) + " differs from member 0's " + Arrays.toString(first.inputScaling()));
    }
    if (!Arrays.equals(m.outputShape(), first.outputShape())) throw new Fer4jException(who + ": outputs " + Arrays.toString(m.outputShape()) + ", member 0 " + Arrays.toString(first.outputShape()));
  }

  /**
   * The members' class names: those of the members that record them (a .keras file does not), which
   * must agree; null when none does.
   */
  static List<String> classNames(List<Model> members) {
    List<String> classes = null;
    for (int i = 0; i < members.size(); i++) {
      List<String> c = members.get(i).classNames();
      if (c == null) continue;
      if (classes != null && !c.equals(classes)) {
        throw new Fer4jException("ensemble member " + i + " (" + members.get(i).name() + "): classes " + c + " differ from an earlier member's " + classes);
      }
      classes = c;
    }
    return classes;
  }

  /**
   * The crops a member of input {@code in} takes from images of {@code full} under {@code tta}, as
   * {top, bottom, left, right} margins: the centre first, then (ten-crop) the four corners. Each is
   * taken from the image and, unless NONE, from its mirror.
   */
  public static List<int[]> cropMargins(long[] in, long[] full, Tta tta) {
    int dh = (int) (full[0] - in[0]);
    int dw = (int) (full[1] - in[1]);
    if (dh < 0 || dw < 0) throw new Fer4jException("a model taking " + Arrays.toString(in) + " images cannot see crops of " + Arrays.toString(full) + " images");
    List<int[]> boxes = new ArrayList<>();
    boxes.add(new int[] {dh / 2, dh - dh / 2, dw / 2, dw - dw / 2});
    if (tta == Tta.TENCROP && (dh > 0 || dw > 0)) {
      boxes.add(new int[] {0, dh, 0, dw});
      boxes.add(new int[] {0, dh, dw, 0});
      boxes.add(new int[] {dh, 0, 0, dw});
      boxes.add(new int[] {dh, 0, dw, 0});
    }
    return boxes;
  }

  /**
   * The image at one size, its mirror, and the crops taken from them (shared between members of
   * the same input size); {@code suffix} keeps the layer names of each size apart.
   */
  private static final class Scale {
    private final KerasTensor image;
    private final KerasTensor mirrored;
    private final long[] shape;
    private final Tta tta;
    private final String suffix;
    private final Map<String, KerasTensor> crops = new LinkedHashMap<>();

    Scale(KerasTensor image, long[] shape, Tta tta, String suffix) {
      this.image = image;
      this.shape = shape;
      this.tta = tta;
      this.suffix = suffix;
      this.mirrored = tta == Tta.NONE ? null : new Flip(2).setName("mirror" + suffix).apply(image);
    }

    /** The views a member taking {@code in} images sees at this size: none if the size is smaller than its input. */
    List<KerasTensor> views(long[] in) {
      List<KerasTensor> out = new ArrayList<>();
      if (in[0] > shape[0] || in[1] > shape[1]) return out;
      boolean whole = in[0] == shape[0] && in[1] == shape[1];
      for (KerasTensor src : mirrored == null ? List.of(image) : List.of(image, mirrored)) {
        for (int[] b : cropMargins(in, shape, tta)) {
          if (whole) { out.add(src); continue; }
          String key = (src == image ? "crop" : "mirror_crop") + suffix + "_" + b[0] + "_" + b[1] + "_" + b[2] + "_" + b[3];
          out.add(crops.computeIfAbsent(key, k -> new Cropping2D(b[0], b[1], b[2], b[3]).setName(k).apply(src)));
        }
      }
      return out;
    }
  }
}
