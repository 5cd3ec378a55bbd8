package io.fer4j.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fer4j.Fer4jException;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras {@code AUC(num_thresholds=200, curve, summation_method, from_logits)} with
 * multi_label=False: Keras' evenly spaced thresholds {-ε, 1/(n-1), ..., 1+ε} and its bucketed
 * update ({@code relu(ceil(clip(p, 0, 1) (n - 1)) - 1)}, each prediction counting at every
 * threshold up to its bucket), then the Riemann sum of ROC or PR (PR interpolation as Davis and
 * Goadrich, Keras' interpolate_pr_auc). State: tp, fp, tn, fn per threshold.
 */
public class AUC extends Metric {
  private final int numThresholds;
  private final String curve;
  private final String summation;
  private final boolean fromLogits;

  public AUC() { this(200, "ROC", "interpolation", false); }

  public AUC(int numThresholds, String curve, String summationMethod, boolean fromLogits) {
    super("auc");
    if (numThresholds <= 1) throw new Fer4jException("AUC num_thresholds must be > 1, got " + numThresholds);
    String c = curve.toUpperCase(java.util.Locale.ROOT);
    if (!c.equals("ROC") && !c.equals("PR")) throw new Fer4jException("AUC curve must be ROC or PR, got '" + curve + "'");
    String s = summationMethod.toLowerCase(java.util.Locale.ROOT);
    if (!List.of("interpolation", "minoring", "majoring").contains(s)) throw new Fer4jException("AUC summation_method must be interpolation, minoring or majoring, got '" + summationMethod + "'");
    this.numThresholds = numThresholds;
    this.curve = c;
    this.summation = s;
    this.fromLogits = fromLogits;
  }

  @Override public String className() { return "AUC"; }

  @Override public int stateSize() { return 4 * numThresholds; }

  @Override
  public Operand<TFloat32> update(Ops tf, Operand<TFloat32> labels, Operand<TFloat32> outputs, Operand<TFloat32> sampleWeights) {
    Operand<TFloat32> p = fromLogits ? tf.math.sigmoid(outputs) : outputs;
    Operand<TFloat32> w = tf.reshape(tf.math.mul(tf.onesLike(p), tf.expandDims(sampleWeights, tf.constant(-1))), tf.constant(new long[] {-1, 1}));
    p = tf.reshape(tf.clipByValue(p, tf.constant(0f), tf.constant(1f)), tf.constant(new long[] {-1, 1}));
    Operand<TFloat32> y = tf.reshape(tf.dtypes.cast(tf.math.notEqual(labels, tf.constant(0f)), TFloat32.class), tf.constant(new long[] {-1, 1}));
    Operand<TFloat32> bucket = tf.nn.relu(tf.math.sub(tf.math.ceil(tf.math.mul(p, tf.constant((float) (numThresholds - 1)))), tf.constant(1f)));
    float[] js = new float[numThresholds];
    for (int j = 0; j < numThresholds; j++) js[j] = j;
    // prediction counts as positive at threshold j when its bucket >= j (Keras' reversed cumsum of bucket sums)
    Operand<TFloat32> atOrAbove = tf.dtypes.cast(tf.math.greaterEqual(bucket, tf.reshape(tf.constant(js), tf.constant(new long[] {1, -1}))), TFloat32.class);
    Operand<TFloat32> trueW = tf.math.mul(y, w);
    Operand<TFloat32> falseW = tf.math.mul(tf.math.sub(tf.constant(1f), y), w);
    Operand<TFloat32> tp = tf.reduceSum(tf.math.mul(atOrAbove, trueW), tf.constant(0));
    Operand<TFloat32> fp = tf.reduceSum(tf.math.mul(atOrAbove, falseW), tf.constant(0));
    Operand<TFloat32> tn = tf.math.sub(tf.reduceSum(falseW, tf.constant(new int[] {0, 1})), fp);
    Operand<TFloat32> fn = tf.math.sub(tf.reduceSum(trueW, tf.constant(new int[] {0, 1})), tp);
    return tf.concat(List.of(tp, fp, tn, fn), tf.constant(0));
  }

  @Override
  public double result(double[] s) {
    int n = numThresholds;
    double[] tp = java.util.Arrays.copyOfRange(s, 0, n);
    double[] fp = java.util.Arrays.copyOfRange(s, n, 2 * n);
    double[] tn = java.util.Arrays.copyOfRange(s, 2 * n, 3 * n);
    double[] fn = java.util.Arrays.copyOfRange(s, 3 * n, 4 * n);
    if (curve.equals("PR") && summation.equals("interpolation")) return interpolatePrAuc(tp, fp, fn);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double recall = divNoNan(tp[i], tp[i] + fn[i]);
      if (curve.equals("ROC")) {
        x[i] = divNoNan(fp[i], fp[i] + tn[i]);
        y[i] = recall;
      } else {
        x[i] = recall;
        y[i] = divNoNan(tp[i], tp[i] + fp[i]);
      }
    }
    double sum = 0;
    for (int i = 0; i < n - 1; i++) {
      double h = switch (summation) {
        case "interpolation" -> (y[i] + y[i + 1]) / 2;
        case "minoring" -> Math.min(y[i], y[i + 1]);
        default -> Math.max(y[i], y[i + 1]);
      };
      sum += (x[i] - x[i + 1]) * h;
    }
    return sum;
  }

  private static double interpolatePrAuc(double[] tp, double[] fp, double[] fn) {
    double sum = 0;
    for (int i = 0; i < tp.length - 1; i++) {
      double dtp = tp[i] - tp[i + 1];
      double p0 = tp[i] + fp[i];
      double p1 = tp[i + 1] + fp[i + 1];
      double slope = divNoNan(dtp, Math.max(p0 - p1, 0));
      double intercept = tp[i + 1] - slope * p1;
      double ratio = p0 > 0 && p1 > 0 ? divNoNan(p0, Math.max(p1, 0)) : 1;
      sum += divNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1] + fn[i + 1], 0));
    }
    return sum;
  }

  @Override
  public void writeConfig(ObjectNode c) {
    super.writeConfig(c);
    c.put("num_thresholds", numThresholds);
    c.put("curve", curve);
    c.put("summation_method", summation);
    c.put("multi_label", false);
    c.putNull("num_labels");
    c.putNull("label_weights");
    c.put("from_logits", fromLogits);
  }
}
