package io.fer4j;

import java.util.Locale;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Which device TF sessions use. "auto" (default) lets TF place ops on a GPU when the gpu build
 * ({@code mvn -Pgpu}) finds one; "cpu" hides GPUs; "gpu" requires one. Set once per process, from
 * the CLI's {@code --device} or the {@code fer4j.device} system property.
 */
public final class Devices {
  private static volatile String device = System.getProperty("fer4j.device", "auto");
  private static volatile String precision = System.getProperty("fer4j.precision", "float32");

  private Devices() {}

  public static void use(String d) {
    String v = d.toLowerCase(Locale.ROOT);
    if (!v.equals("auto") && !v.equals("cpu") && !v.equals("gpu")) throw new Fer4jException("--device must be cpu, gpu or auto, got '" + d + "'");
    if (v.equals("gpu")) requireGpu();
    device = v;
  }

  /** Fails unless TF sees a GPU: runs one op pinned to GPU:0 with soft placement off. */
  static void requireGpu() {
    try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
      org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
      var c = tf.withDevice(org.tensorflow.DeviceSpec.newBuilder().deviceType(org.tensorflow.DeviceSpec.DeviceType.GPU).deviceIndex(0).build())
          .math.add(tf.constant(1f), tf.constant(1f));
      try (org.tensorflow.Session s = new org.tensorflow.Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build())) {
        s.runner().fetch(c).run().close();
      }
    } catch (RuntimeException e) {
      throw new Fer4jException("--device gpu: TensorFlow sees no GPU (build with 'mvn -Pgpu' and check the CUDA driver)");
    }
  }

  public static String current() { return device; }

  /**
   * Keras-style precision policy: "float32" (default) or "mixed_bfloat16", which lets TF's
   * oneDNN grappler pass run matmuls and convolutions in bfloat16 (AMX/AVX-512 BF16 on CPU) while
   * variables stay float32.
   */
  public static void precision(String p) {
    String v = p.toLowerCase(Locale.ROOT);
    if (!v.equals("float32") && !v.equals("mixed_bfloat16")) throw new Fer4jException("--precision must be float32 or mixed_bfloat16, got '" + p + "'");
    precision = v;
  }

  public static String precision() { return precision; }

  /** Session options for the chosen device. */
  public static ConfigProto sessionConfig() {
    ConfigProto.Builder b = ConfigProto.newBuilder().setAllowSoftPlacement(true);
    // TF's thread pools (default: one thread per core each); -Dfer4j.intraOpThreads / interOpThreads override
    int intra = Integer.getInteger("fer4j.intraOpThreads", 0);
    int inter = Integer.getInteger("fer4j.interOpThreads", 0);
    if (intra > 0) b.setIntraOpParallelismThreads(intra);
    if (inter > 0) b.setInterOpParallelismThreads(inter);
    if (precision.equals("mixed_bfloat16")) {
      b.setGraphOptions(org.tensorflow.proto.GraphOptions.newBuilder().setRewriteOptions(
          org.tensorflow.proto.RewriterConfig.newBuilder().setAutoMixedPrecisionOnednnBfloat16(org.tensorflow.proto.RewriterConfig.Toggle.ON)));
    }
    if (device.equals("cpu")) {
      b.putDeviceCount("GPU", 0);
    } else {
      b.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    }
    return b.build();
  }
}
