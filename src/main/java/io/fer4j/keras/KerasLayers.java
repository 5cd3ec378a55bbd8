package io.fer4j.keras;

import io.fer4j.Fer4jException;
import io.fer4j.layers.Activation;
import io.fer4j.layers.CenterCrop;
import io.fer4j.layers.Conv2DTranspose;
import io.fer4j.layers.Cropping2D;
import io.fer4j.layers.ELU;
import io.fer4j.layers.GaussianDropout;
import io.fer4j.layers.GaussianNoise;
import io.fer4j.layers.GroupNormalization;
import io.fer4j.layers.LayerNormalization;
import io.fer4j.layers.LayerScale;
import io.fer4j.layers.Normalization;
import io.fer4j.layers.PReLU;
import io.fer4j.layers.RandomBrightness;
import io.fer4j.layers.RandomContrast;
import io.fer4j.layers.RandomFlip;
import io.fer4j.layers.RandomRotation;
import io.fer4j.layers.RandomTranslation;
import io.fer4j.layers.RandomZoom;
import io.fer4j.layers.Permute;
import io.fer4j.layers.Resizing;
import io.fer4j.layers.Softmax;
import io.fer4j.layers.UnitNormalization;
import io.fer4j.layers.UpSampling2D;
import io.fer4j.layers.AveragePooling2D;
import io.fer4j.layers.DepthwiseConv2D;
import io.fer4j.layers.GlobalMaxPooling2D;
import io.fer4j.layers.LeakyReLU;
import io.fer4j.layers.ReLU;
import io.fer4j.layers.Reshape;
import io.fer4j.layers.SeparableConv2D;
import io.fer4j.layers.SpatialDropout2D;
import io.fer4j.layers.ZeroPadding2D;
import io.fer4j.layers.BatchNormalization;
import io.fer4j.layers.Conv2D;
import io.fer4j.layers.Dense;
import io.fer4j.layers.Dropout;
import io.fer4j.layers.Flatten;
import io.fer4j.layers.GlobalAveragePooling2D;
import io.fer4j.layers.Layer;
import io.fer4j.layers.MaxPooling2D;
import io.fer4j.layers.Rescaling;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The fixed table from a Keras layer class name to a fer4j factory. Class names read from a file
 * are only ever looked up here: nothing is loaded by reflection from file contents. Each factory
 * refuses the options fer4j does not compute (non channels_last data, renorm, unknown regularizer
 * or constraint classes…; the known ones are read by {@link WeightOptions}) instead of ignoring them. (InputLayer and nested models are handled by {@link Configs}.)
 */
final class KerasLayers {
  private KerasLayers() {}

  private static final Map<String, Function<LayerConfig, Layer>> FACTORIES = Map.ofEntries(
      Map.entry("Conv2D", KerasLayers::conv2d),
      Map.entry("BatchNormalization", KerasLayers::batchNormalization),
      Map.entry("Activation", c -> new Activation(checkedActivation(c, "activation"))),
      Map.entry("MaxPooling2D", c -> pooling(c, false)),
      Map.entry("AveragePooling2D", c -> pooling(c, true)),
      Map.entry("Dropout", KerasLayers::dropout),
      Map.entry("SpatialDropout2D", c -> {
        c.requireChannelsLast();
        return new SpatialDropout2D(c.getDouble("rate", -1));
      }),
      Map.entry("Flatten", c -> {
        c.requireChannelsLast();
        return new Flatten();
      }),
      Map.entry("Dense", KerasLayers::dense),
      Map.entry("Rescaling", KerasLayers::rescaling),
      Map.entry("GlobalAveragePooling2D", c -> {
        c.requireChannelsLast();
        return new GlobalAveragePooling2D(c.getBool("keepdims", false));
      }),
      Map.entry("GlobalMaxPooling2D", c -> {
        c.requireChannelsLast();
        return new GlobalMaxPooling2D(c.getBool("keepdims", false));
      }),
      Map.entry("Normalization", KerasLayers::normalization),
      Map.entry("LayerNormalization", KerasLayers::layerNormalization),
      Map.entry("GroupNormalization", KerasLayers::groupNormalization),
      Map.entry("UnitNormalization", c -> new UnitNormalization(c.getIntList("axis", new int[] {-1}))),
      Map.entry("LayerScale", c -> new LayerScale(c.getDouble("init_values", Double.NaN), c.getInt("projection_dim", -1))),
      Map.entry("PReLU", c -> {
        return new PReLU(c.getIntList("shared_axes", new int[0]));
      }),
      Map.entry("ELU", c -> new ELU(c.getDouble("alpha", 1.0))),
      Map.entry("Softmax", c -> new Softmax(c.getIntList("axis", new int[] {-1}))),
      Map.entry("Cropping2D", KerasLayers::cropping2d),
      Map.entry("UpSampling2D", c -> {
        c.requireChannelsLast();
        int[] size = c.getPair("size", new int[] {2, 2});
        return new UpSampling2D(size[0], size[1], c.getString("interpolation", "nearest"));
      }),
      Map.entry("Conv2DTranspose", KerasLayers::conv2dTranspose),
      Map.entry("GaussianNoise", c -> new GaussianNoise(c.getDouble("stddev", -1))),
      Map.entry("GaussianDropout", c -> new GaussianDropout(c.getDouble("rate", -1))),
      Map.entry("Permute", c -> new Permute(c.getIntList("dims", new int[0]))),
      Map.entry("Resizing", KerasLayers::resizing),
      Map.entry("RandomFlip", c -> {
        c.requireChannelsLast();
        return new RandomFlip(c.getString("mode", "horizontal_and_vertical"));
      }),
      Map.entry("RandomRotation", c -> affine(c, new RandomRotation(factor(c, "factor", null)))),
      Map.entry("RandomZoom", c -> affine(c, new RandomZoom(factor(c, "height_factor", null), c.has("width_factor") ? factor(c, "width_factor", null) : null))),
      Map.entry("RandomTranslation", c -> affine(c, new RandomTranslation(factor(c, "height_factor", null), factor(c, "width_factor", null)))),
      Map.entry("RandomContrast", c -> {
        c.requireChannelsLast();
        return new RandomContrast(factor(c, "factor", null), factor(c, "value_range", new double[] {0, 255}));
      }),
      Map.entry("RandomBrightness", c -> {
        c.requireChannelsLast();
        return new RandomBrightness(factor(c, "factor", null), factor(c, "value_range", new double[] {0, 255}));
      }),
      Map.entry("CenterCrop", c -> {
        c.requireChannelsLast();
        return new CenterCrop(c.getInt("height", -1), c.getInt("width", -1));
      }),
      Map.entry("ReLU", KerasLayers::relu),
      Map.entry("LeakyReLU", c -> {
        // Keras 3 writes negative_slope; tf.keras 2 wrote alpha
        double slope = c.has("negative_slope") ? c.getDouble("negative_slope", 0.3) : c.getDouble("alpha", 0.3);
        return new LeakyReLU((float) slope);
      }),
      Map.entry("ZeroPadding2D", KerasLayers::zeroPadding2d),
      Map.entry("DepthwiseConv2D", KerasLayers::depthwiseConv2d),
      Map.entry("SeparableConv2D", KerasLayers::separableConv2d),
      Map.entry("Reshape", KerasLayers::reshape),
      Map.entry("Add", c -> new io.fer4j.layers.Add()),
      Map.entry("Subtract", c -> new io.fer4j.layers.Subtract()),
      Map.entry("Multiply", c -> new io.fer4j.layers.Multiply()),
      Map.entry("Average", c -> new io.fer4j.layers.Average()),
      Map.entry("Maximum", c -> new io.fer4j.layers.Maximum()),
      Map.entry("Minimum", c -> new io.fer4j.layers.Minimum()),
      Map.entry("Concatenate", c -> new io.fer4j.layers.Concatenate(c.getInt("axis", -1))),
      Map.entry("Dot", KerasLayers::dot));

  static boolean supports(String className) { return FACTORIES.containsKey(className); }

  static String supportedNames() { return new TreeSet<>(FACTORIES.keySet()) + " and InputLayer"; }

  static Layer create(LayerConfig c) {
    Function<LayerConfig, Layer> f = FACTORIES.get(c.className());
    if (f == null) throw c.fail("unsupported layer class (fer4j supports " + supportedNames() + ")");
    c.requireFloat32();
    Layer l;
    try {
      l = f.apply(c);
    } catch (Fer4jException e) {
      if (e.getMessage().startsWith(c.source())) throw e;
      throw c.fail(e.getMessage()); // a layer constructor's check (e.g. units <= 0): name the file
    }
    if (!c.getBool("trainable", true)) l.setTrainable(false);
    WeightOptions.apply(c, l);
    return l;
  }

  private static String checkedActivation(LayerConfig c, String key) {
    String a = c.activation(key);
    if (!io.fer4j.layers.Activations.NAMES.contains(a)) throw c.fail("unsupported " + key + "=" + a + " (supported: " + io.fer4j.layers.Activations.NAMES + ")");
    return a;
  }

  private static Layer conv2d(LayerConfig c) {
    c.requireChannelsLast();
    c.requireNull("lora_rank", "LoRA is not supported");
    int[] k = c.getPair("kernel_size", null);
    if (k == null) throw c.fail("missing kernel_size");
    int[] s = c.getPair("strides", new int[] {1, 1});
    int[] d = c.getPair("dilation_rate", new int[] {1, 1});
    if ((s[0] != 1 || s[1] != 1) && (d[0] != 1 || d[1] != 1)) throw c.fail("strides > 1 together with dilation_rate > 1 is not supported (Keras refuses it too)");
    Conv2D l = new Conv2D(c.getInt("filters", -1), k[0], k[1]);
    l.padding(c.padding()).strides(s[0], s[1]).dilationRate(d[0], d[1])
        .activation(checkedActivation(c, "activation")).useBias(c.getBool("use_bias", true)).groups(c.getInt("groups", 1));
    return l;
  }

  private static Layer batchNormalization(LayerConfig c) {
    com.fasterxml.jackson.databind.JsonNode axis = c.raw("axis");
    boolean last = axis == null || axis.isInt() && axis.asInt() == -1
        || axis.isArray() && axis.size() == 1 && axis.get(0).asInt() == -1;
    // 3 is also the last axis for (N, H, W, C); checked against the input rank when the model is built.
    boolean three = axisIs3(axis);
    if (!last && !three) throw c.fail("unsupported axis=" + axis + " (fer4j normalizes the last axis only)");
    c.requireDefault("renorm", false);
    c.requireDefault("synchronized", false);
    c.requireDefault("virtual_batch_size", 0);
    c.requireNull("adjustment", "not supported");
    BatchNormalization bn = new BatchNormalization()
        .momentum((float) c.getDouble("momentum", 0.99))
        .epsilon((float) c.getDouble("epsilon", 1e-3))
        .center(c.getBool("center", true))
        .scale(c.getBool("scale", true));
    return bn; // axis 3 is checked against the input rank by SequentialConfig once shapes are known
  }

  static boolean axisIs3(com.fasterxml.jackson.databind.JsonNode axis) {
    return axis != null && (axis.isInt() && axis.asInt() == 3 || axis.isArray() && axis.size() == 1 && axis.get(0).asInt() == 3);
  }

  private static Layer pooling(LayerConfig c, boolean average) {
    c.requireChannelsLast();
    int[] p = c.getPair("pool_size", new int[] {2, 2});
    int[] s = c.getPair("strides", p);
    MaxPooling2D l = average ? new AveragePooling2D(p[0], p[1]) : new MaxPooling2D(p[0], p[1]);
    return l.strides(s[0], s[1]).padding(c.padding());
  }

  private static Layer relu(LayerConfig c) {
    Double max = c.has("max_value") ? c.getDouble("max_value", 0) : null;
    return new ReLU(max == null ? null : max.floatValue(), (float) c.getDouble("negative_slope", 0), (float) c.getDouble("threshold", 0));
  }

  private static Layer zeroPadding2d(LayerConfig c) {
    c.requireChannelsLast();
    com.fasterxml.jackson.databind.JsonNode p = c.raw("padding");
    if (p == null) return new ZeroPadding2D(1, 1, 1, 1);
    if (p.isIntegralNumber()) return new ZeroPadding2D(p.asInt(), p.asInt(), p.asInt(), p.asInt());
    if (p.isArray() && p.size() == 2 && p.get(0).isIntegralNumber() && p.get(1).isIntegralNumber()) {
      return new ZeroPadding2D(p.get(0).asInt(), p.get(0).asInt(), p.get(1).asInt(), p.get(1).asInt());
    }
    if (p.isArray() && p.size() == 2 && p.get(0).isArray() && p.get(1).isArray() && p.get(0).size() == 2 && p.get(1).size() == 2) {
      return new ZeroPadding2D(p.get(0).get(0).asInt(), p.get(0).get(1).asInt(), p.get(1).get(0).asInt(), p.get(1).get(1).asInt());
    }
    throw c.fail("unsupported padding " + p);
  }

  private static void requireNoDilation(LayerConfig c) {
    int[] d = c.getPair("dilation_rate", new int[] {1, 1});
    if (d[0] != 1 || d[1] != 1) throw c.fail("unsupported dilation_rate=" + java.util.Arrays.toString(d) + " (fer4j supports only 1)");
  }

  private static Layer depthwiseConv2d(LayerConfig c) {
    c.requireChannelsLast();
    requireNoDilation(c);
    int[] k = c.getPair("kernel_size", null);
    if (k == null) throw c.fail("missing kernel_size");
    int[] s = c.getPair("strides", new int[] {1, 1});
    return new DepthwiseConv2D(k[0], k[1], c.getInt("depth_multiplier", 1)).strides(s[0], s[1]).padding(c.padding())
        .activation(checkedActivation(c, "activation")).useBias(c.getBool("use_bias", true));
  }

  private static Layer separableConv2d(LayerConfig c) {
    c.requireChannelsLast();
    requireNoDilation(c);
    int[] k = c.getPair("kernel_size", null);
    if (k == null) throw c.fail("missing kernel_size");
    int[] s = c.getPair("strides", new int[] {1, 1});
    return new SeparableConv2D(c.getInt("filters", -1), k[0], k[1], c.getInt("depth_multiplier", 1)).strides(s[0], s[1]).padding(c.padding())
        .activation(checkedActivation(c, "activation")).useBias(c.getBool("use_bias", true));
  }

  private static Layer reshape(LayerConfig c) {
    com.fasterxml.jackson.databind.JsonNode t = c.raw("target_shape");
    if (t == null || !t.isArray() || t.isEmpty()) throw c.fail("missing target_shape");
    long[] dims = new long[t.size()];
    for (int i = 0; i < dims.length; i++) {
      if (!t.get(i).isIntegralNumber()) throw c.fail("bad target_shape " + t);
      dims[i] = t.get(i).asLong();
    }
    return new Reshape(dims);
  }

  private static Layer dot(LayerConfig c) {
    com.fasterxml.jackson.databind.JsonNode axes = c.raw("axes");
    boolean last = axes != null && (axes.isInt() && (axes.asInt() == -1 || axes.asInt() == 1)
        || axes.isArray() && axes.size() == 2 && axes.get(0).asInt() == axes.get(1).asInt() && (axes.get(0).asInt() == -1 || axes.get(0).asInt() == 1));
    if (!last) throw c.fail("unsupported axes=" + axes + " (fer4j computes Dot of two vectors along their last axis)");
    return new io.fer4j.layers.Dot(c.getBool("normalize", false));
  }

  private static Layer dropout(LayerConfig c) {
    Dropout d = new Dropout(c.getDouble("rate", -1));
    com.fasterxml.jackson.databind.JsonNode ns = c.raw("noise_shape");
    if (ns == null) return d;
    if (!ns.isArray()) throw c.fail("noise_shape must be a list, got " + ns);
    long[] dims = new long[ns.size()];
    for (int i = 0; i < dims.length; i++) {
      com.fasterxml.jackson.databind.JsonNode e = ns.get(i);
      if (e.isNull()) dims[i] = -1;
      else if (e.isIntegralNumber() && e.asLong() > 0) dims[i] = e.asLong();
      else throw c.fail("bad noise_shape " + ns);
    }
    return d.noiseShape(dims);
  }

  private static Layer normalization(LayerConfig c) {
    // axis null (or []) is Keras' "one scalar mean"; a missing axis is the default -1
    int[] axis = c.present("axis") ? c.getIntList("axis", new int[0]) : new int[] {-1};
    float[] mean = c.getFloats("mean");
    float[] variance = c.getFloats("variance");
    if ((mean == null) != (variance == null)) throw c.fail("mean and variance must be given together");
    return new Normalization(axis, mean, variance).invert(c.getBool("invert", false));
  }

  private static Layer layerNormalization(LayerConfig c) {
    c.requireDefault("rms_scaling", false);
    return new LayerNormalization(c.getIntList("axis", new int[] {-1})).epsilon(c.getDouble("epsilon", 1e-3))
        .center(c.getBool("center", true)).scale(c.getBool("scale", true));
  }

  private static Layer groupNormalization(LayerConfig c) {
    c.requireDefault("axis", -1);
    return new GroupNormalization(c.getInt("groups", 32)).epsilon(c.getDouble("epsilon", 1e-3))
        .center(c.getBool("center", true)).scale(c.getBool("scale", true));
  }

  private static Layer cropping2d(LayerConfig c) {
    c.requireChannelsLast();
    com.fasterxml.jackson.databind.JsonNode p = c.raw("cropping");
    if (p == null) return new Cropping2D(0, 0, 0, 0);
    if (p.isIntegralNumber()) return new Cropping2D(p.asInt(), p.asInt(), p.asInt(), p.asInt());
    if (p.isArray() && p.size() == 2 && p.get(0).isIntegralNumber() && p.get(1).isIntegralNumber()) {
      return new Cropping2D(p.get(0).asInt(), p.get(0).asInt(), p.get(1).asInt(), p.get(1).asInt());
    }
    if (p.isArray() && p.size() == 2 && p.get(0).isArray() && p.get(1).isArray() && p.get(0).size() == 2 && p.get(1).size() == 2) {
      return new Cropping2D(p.get(0).get(0).asInt(), p.get(0).get(1).asInt(), p.get(1).get(0).asInt(), p.get(1).get(1).asInt());
    }
    throw c.fail("unsupported cropping " + p);
  }

  private static Layer conv2dTranspose(LayerConfig c) {
    c.requireChannelsLast();
    requireNoDilation(c);
    int[] k = c.getPair("kernel_size", null);
    if (k == null) throw c.fail("missing kernel_size");
    int[] s = c.getPair("strides", new int[] {1, 1});
    Conv2DTranspose l = new Conv2DTranspose(c.getInt("filters", -1), k[0], k[1]).strides(s[0], s[1]).padding(c.padding())
        .activation(checkedActivation(c, "activation")).useBias(c.getBool("use_bias", true));
    int[] op = c.getPair("output_padding", null);
    if (op != null) l.outputPadding(op[0], op[1]);
    return l;
  }

  /** A number or a pair of numbers, as the random layers' factors and value ranges. */
  private static double[] factor(LayerConfig c, String key, double[] dflt) {
    com.fasterxml.jackson.databind.JsonNode v = c.raw(key);
    if (v == null) {
      if (dflt == null) throw c.fail("missing " + key);
      return dflt;
    }
    if (v.isNumber()) return new double[] {v.asDouble()};
    if (v.isArray() && v.size() == 2 && v.get(0).isNumber() && v.get(1).isNumber()) return new double[] {v.get(0).asDouble(), v.get(1).asDouble()};
    throw c.fail("unsupported " + key + "=" + v + " (a number or a pair of numbers)");
  }

  private static Layer affine(LayerConfig c, io.fer4j.layers.AffineAugmentation l) {
    c.requireChannelsLast();
    return l.fillMode(c.getString("fill_mode", "reflect")).interpolation(c.getString("interpolation", "bilinear"))
        .fillValue(c.getDouble("fill_value", 0));
  }

  private static Layer resizing(LayerConfig c) {
    c.requireChannelsLast();
    c.requireDefault("pad_to_aspect_ratio", false);
    c.requireDefault("antialias", false);
    return new Resizing(c.getInt("height", -1), c.getInt("width", -1)).interpolation(c.getString("interpolation", "bilinear"))
        .cropToAspectRatio(c.getBool("crop_to_aspect_ratio", false));
  }

  private static Layer dense(LayerConfig c) {
    c.requireNull("lora_rank", "LoRA is not supported");
    c.requireNull("quantization_config", "quantized Dense is not supported");
    Dense d = new Dense(c.getInt("units", -1));
    d.activation(checkedActivation(c, "activation")).useBias(c.getBool("use_bias", true));
    return d;
  }

  private static Layer rescaling(LayerConfig c) {
    com.fasterxml.jackson.databind.JsonNode s = c.raw("scale");
    com.fasterxml.jackson.databind.JsonNode o = c.raw("offset");
    if (s != null && !s.isNumber() || o != null && !o.isNumber()) throw c.fail("only scalar scale and offset are supported");
    return new Rescaling(c.getDouble("scale", 1), c.getDouble("offset", 0));
  }
}
