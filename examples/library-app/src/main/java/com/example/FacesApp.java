package com.example;

import io.fer4j.Fer4jException;
import io.fer4j.FerModels;
import io.fer4j.faces.FerPredictor;
import java.io.File;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Expressions of the faces in photos with the pretrained model, as the README's "Faces in photos"
 * shows it. Face detection needs OpenCV: built with {@code -Pfaces} (org.bytedeco:opencv and its
 * linux-x86_64 natives) it prints one line per face; without it, fer4j's one line naming the
 * artifact to add (scripts/check-library-app runs both).
 */
public final class FacesApp {
  public static void main(String[] args) throws Exception {
    try (FerPredictor faces = FerPredictor.of(FerModels.pretrained())) {
      for (String photo : args) {
        int i = 0;
        for (FerPredictor.Face f : faces.detect(ImageIO.read(new File(photo)))) {
          System.out.println(photo + " face " + (++i) + " at " + f.box() + ": " + f.label() + " " + Arrays.toString(f.probabilities()));
        }
        if (i == 0) System.out.println(photo + ": no face found");
      }
    } catch (Fer4jException e) {
      System.err.println("faces: " + e.getMessage());
      System.exit(1);
    }
  }
}
