package com.example;

import io.fer4j.FerModels;
import io.fer4j.callbacks.*;
import io.fer4j.data.*;
import io.fer4j.layers.*;
import io.fer4j.model.*;
import io.fer4j.optimizers.Adam;
import io.fer4j.predict.ImageModel;
import io.fer4j.saving.ModelFiles;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * fer4j used as a library, exactly as the README's "Java API" section shows it (ReadmeExampleTest
 * compares the two; scripts/test builds this app against the installed io.fer4j:fer4j and runs it).
 */
public final class LibraryApp {
  public static void main(String[] args) throws Exception {
    // README:begin
    // a small residual net: Functional API with Add and Concatenate
    KerasTensor in = Input.of(48, 48, 1);
    KerasTensor x = new Conv2D(16, 3).padding("same").useBias(false).apply(in);
    x = new Activation("relu").apply(new BatchNormalization().apply(x));
    KerasTensor y = new Conv2D(16, 3).padding("same").useBias(false).apply(x);
    y = new BatchNormalization().apply(y);
    KerasTensor z = new Activation("relu").apply(new Add().apply(x, y));      // residual connection
    z = new MaxPooling2D(2).apply(new Concatenate().apply(z, x));
    z = new GlobalAveragePooling2D().apply(z);
    KerasTensor out = new Dense(7, "softmax").apply(z);

    ImageData all = Datasets.load("synthetic:1000", 48, 48, 1, Interpolation.NEAREST, true); // or a folder
    ImageData[] split = ValidationSplit.split(all, 0.1, 1337);      // stratified, deterministic
    float[] faces = new float[2 * 48 * 48];                          // (n, 48, 48, 1), pixel / 255
    split[1].copyInput(0, faces, 0);
    split[1].copyInput(1, faces, 48 * 48);
    try (Model model = new Model("residual", in, out)) {            // or FerModels.seed(), a Sequential
      model.compile(new Adam(1e-3), "categorical_crossentropy", "accuracy");
      System.out.print(model.summary());                             // Keras' table, with "Connected to"
      History h = model.fit(split[0], split[1], new FitConfig().epochs(2).batchSize(64)
          .callbacks(new ModelCheckpoint(Path.of("best.keras"), "val_accuracy", "max", true),
                     new CSVLogger(Path.of("history.csv"))));
      System.out.println("val_accuracy per epoch: " + h.get("val_accuracy"));
      Model.Evaluation ev = model.evaluate(split[1], 256);
      System.out.println("held-out accuracy: " + ev.accuracy());
      float[][] probs = model.predict(faces, 2);
      System.out.println("first face: " + Arrays.toString(probs[0]));
      model.save(Path.of("residual.keras"));                         // Python: keras.saving.load_model
      model.exportSavedModel(Path.of("savedmodels/residual/1"));     // TF Serving layout
    }

    // the pretrained FER2013 CNN (io.fer4j:fer4j-fer2013-model on the classpath)
    try (ImageModel fer = FerModels.pretrained()) {
      float[][] p = fer.predict(faces, 2);
      int best = 0;
      for (int j = 1; j < p[0].length; j++) if (p[0][j] > p[0][best]) best = j;
      System.out.println("pretrained: " + FerModels.CLASSES.get(best) + " " + Arrays.toString(p[0]));
    }

    // any Keras file (.keras, .h5: a Python team's too), any topology: freeze a part, train the rest
    try (Model m = ModelFiles.load(Path.of("residual.keras"))) {
      m.getLayer("conv2d").setTrainable(false);                     // by name, as in Keras
      m.compile(new Adam(1e-4), "categorical_crossentropy", "accuracy");
      m.fit(split[0], split[1], new FitConfig().epochs(1).batchSize(64));
      m.save(Path.of("fine_tuned.keras"));
    }
    // README:end
  }
}
