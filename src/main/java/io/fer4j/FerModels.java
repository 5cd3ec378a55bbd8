package io.fer4j;

import io.fer4j.layers.Activation;
import io.fer4j.layers.BatchNormalization;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Dropout;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.GlobalAveragePooling2D;
import io.fer4j.layers.InputLayer;
import io.fer4j.layers.MaxPooling2D;
import io.fer4j.model.Sequential;
import io.fer4j.optimizers.Adam;
import io.fer4j.predict.ImageModel;
import io.fer4j.predict.Models;
import java.nio.file.Path;
import java.util.List;

/**
 * Ready-made architectures and the pretrained model. {@link #seed()} is the notebook's FER2013 CNN,
 * layer for layer; {@link #pretrained()} is the highest shipped FER2013 model (savedmodels/fer/2:
 * two {@link #vggArchitecture VGG variants} averaged over ten crops of the face and ten of it at
 * 44x44), shipped as the artifact
 * io.fer4j:fer4j-fer2013-model.
 */
public final class FerModels {
  /** FER2013 classes in alphabetical order (flow_from_directory's order). */
  public static final List<String> CLASSES = List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");

  private FerModels() {}

  /**
   * The pretrained FER2013 model from the classpath (io.fer4j:fer4j-fer2013-model), ready to
   * predict: 48x48x1 input, pixel / 255, {@link #CLASSES} as its classes. Close it when done.
   */
  public static ImageModel pretrained() {
    return Models.open(pretrainedPath().toString());
  }

  /**
   * The pretrained model's SavedModel directory, e.g. to fine-tune it
   * ({@code ModelFiles.load(FerModels.pretrainedPath())}) or to serve it. A model inside a jar is
   * copied to a temporary directory once per JVM.
   */
  public static Path pretrainedPath() {
    return PretrainedModel.directory();
  }

  /**
   * The seed CNN for 48x48x1 inputs scaled to [0, 1]: four Conv2D(36 3x3 | 128 5x5 | 512 3x3 |
   * 512 3x3, same) → BatchNormalization → relu → MaxPooling2D 2x2 → Dropout .25 blocks, Flatten,
   * Dense 256 and 512 (each → BN → relu → Dropout .25), Dense 7 softmax; compiled with Adam(1e-4),
   * categorical_crossentropy and accuracy. 4,388,735 parameters.
   */
  public static Sequential seed() {
    return seed(48, 7, 1e-4);
  }

  public static Sequential seed(int size, int classes, double learningRate) {
    Sequential m = seedArchitecture(size, classes);
    m.compile(new Adam(learningRate), "categorical_crossentropy", "accuracy");
    return m;
  }

  /** The seed architecture, not yet compiled (no TF graph is built until it is used). */
  public static Sequential seedArchitecture(int size, int classes) {
    Sequential m = new Sequential("sequential", new InputLayer(size, size, 1));
    int[][] blocks = {{36, 3}, {128, 5}, {512, 3}, {512, 3}};
    for (int[] b : blocks) {
      m.add(new Conv2D(b[0], b[1]).padding("same"));
      m.add(new BatchNormalization());
      m.add(new Activation("relu"));
      m.add(new MaxPooling2D(2));
      m.add(new Dropout(0.25));
    }
    m.add(new Flatten());
    for (int units : new int[] {256, 512}) {
      m.add(new Dense(units));
      m.add(new BatchNormalization());
      m.add(new Activation("relu"));
      m.add(new Dropout(0.25));
    }
    m.add(new Dense(classes, "softmax"));
    return m;
  }

  /**
   * The VGG variant of Khaireddin &amp; Chen (2021), the best published single network on FER2013,
   * sized for CPU training: four stages of [Conv2D 3x3 same → BatchNormalization → relu] x2 with
   * 64/128/256/512 filters, each closed by MaxPooling2D 2x2; then GlobalAveragePooling2D (instead
   * of the paper's two 4096-wide Dense layers), Dropout and Dense softmax. Meant for 40x40 random
   * crops of the 48x48 faces ({@code train --architecture vgg --crop 40}). Not compiled.
   */
  public static Sequential vggArchitecture(int size, int classes, double dropout) {
    return vggArchitecture(size, classes, dropout, 1.0);
  }

  /**
   * The VGG variant with every stage's filters scaled by {@code width} (rounded to a multiple of 8:
   * 0.75 gives 48/96/192/384 and about 0.56x the parameters and compute), so that more ensemble
   * members fit the shipped model's size budget and each trains in less CPU time.
   */
  public static Sequential vggArchitecture(int size, int classes, double dropout, double width) {
    if (!(width > 0) || width > 4) throw new Fer4jException("vgg width must be in (0, 4], got " + width);
    Sequential m = new Sequential("fer_vgg", new InputLayer(size, size, 1));
    for (int base : new int[] {64, 128, 256, 512}) {
      int filters = Math.max(8, (int) Math.round(base * width / 8.0) * 8);
      for (int k = 0; k < 2; k++) {
        m.add(new Conv2D(filters, 3).padding("same"));
        m.add(new BatchNormalization());
        m.add(new Activation("relu"));
      }
      m.add(new MaxPooling2D(2));
    }
    m.add(new GlobalAveragePooling2D());
    if (dropout > 0) m.add(new Dropout(dropout));
    m.add(new Dense(classes, "softmax"));
    return m;
  }
}
