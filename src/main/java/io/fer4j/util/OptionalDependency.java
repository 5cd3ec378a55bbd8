package io.fer4j.util;

import io.fer4j.Fer4jException;

/**
 * A feature's optional dependency, checked where the feature starts. io.fer4j:fer4j declares
 * OpenCV, Javalin and XChart {@code optional} (and Spark {@code provided}) so that a library user's build does not carry them;
 * a user who calls such a feature without adding the artifact gets one line naming it, not a
 * {@link NoClassDefFoundError} from deep inside.
 */
public enum OptionalDependency {
  /** Face detection (io.fer4j.faces): the Java classes, the linux-x86_64 natives and the cascades they ship. */
  OPENCV("face detection", "org.bytedeco.opencv.opencv_objdetect.CascadeClassifier",
      "org.bytedeco:opencv:4.10.0-1.5.11 with its linux-x86_64 classifier jar (and org.bytedeco:openblas:0.3.28-1.5.11:linux-x86_64)"),
  /** The REST model server (io.fer4j.serving). */
  JAVALIN("the model server", "io.javalin.Javalin", "io.javalin:javalin:6.7.0"),
  /** PNG charts of evaluation reports (io.fer4j.report). */
  XCHART("report charts", "org.knowm.xchart.BitmapEncoder", "org.knowm.xchart:xchart:3.8.8"),
  /** Batch scoring on Spark (io.fer4j.spark): spark-submit or SPARK_HOME provides it. */
  SPARK("Spark batch scoring", "org.apache.spark.sql.SparkSession", "org.apache.spark:spark-sql_2.13:4.2.0 (spark-submit provides it; bin/fer4j adds $SPARK_HOME/jars)");

  private final String feature;
  private final String probeClass;
  private final String artifact;

  OptionalDependency(String feature, String probeClass, String artifact) {
    this.feature = feature;
    this.probeClass = probeClass;
    this.artifact = artifact;
  }

  /** Maven coordinates to add for this feature. */
  public String artifact() { return artifact; }

  /** Whether the dependency's classes can be loaded (without initialising them). */
  public boolean present() {
    try {
      Class.forName(probeClass, false, OptionalDependency.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Throws the one-line error when the dependency is missing. */
  public void require() {
    if (!present()) throw missing();
  }

  /** The one-line error: what is missing and which artifact provides it. */
  public Fer4jException missing() {
    return new Fer4jException(feature + " needs " + artifact + " on the classpath (an optional dependency of io.fer4j:fer4j): add it to your build");
  }
}
