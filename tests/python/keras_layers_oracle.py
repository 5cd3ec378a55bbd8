"""The Keras 3 side of fer4j's layer parity tests, in one process.
Usage: keras_layers_oracle.py OUTDIR
1. For each case below: a Sequential [Input, layer] with random weights, saved as OUTDIR/<case>.keras;
   the outputs are those of the model *reloaded* from that file (what Keras computes from it), in
   inference mode and, for deterministic layers, in training mode.
2. Every Keras activation by name (and gelu's tanh form) on fixed inputs.
3. Every OUTDIR/fer4j_*.keras written by fer4j: loaded in Keras and run on OUTDIR/<stem>.bin.
Writes OUTDIR/oracle.json."""
import glob
import json
import os
import sys
import zlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402
from keras.src.applications.convnext import LayerScale  # noqa: E402

ACTIVATIONS = ["linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "sigmoid", "hard_sigmoid",
               "sparse_sigmoid", "log_sigmoid", "tanh", "tanh_shrink", "hard_tanh", "softmax", "log_softmax",
               "sparsemax", "softplus", "softsign", "sparse_plus", "squareplus", "soft_shrink", "hard_shrink",
               "swish", "silu", "hard_silu", "hard_swish", "gelu", "mish", "exponential"]


def rng_for(name):
    return np.random.default_rng(zlib.crc32(name.encode()))


def adapted(layer, data):
    def setup(model, rng):
        layer.adapt(data)
    return setup


def random_weights(model, rng):
    layer = model.layers[-1]
    ws = []
    for v in layer.weights:
        a = rng.standard_normal(tuple(v.shape)).astype("float32")
        if "variance" in v.path:
            a = np.abs(a) + 0.5
        if v.dtype.startswith("int"):
            a = np.array(7, dtype=v.dtype)
        ws.append(a)
    if ws:
        layer.set_weights(ws)


# name, input shape, layer, deterministic in training, setup (default: random weights), input scale
def cases():
    c = []
    add = lambda *a: c.append(a)  # noqa: E731
    norm = L.Normalization(axis=-1)
    add("normalization_adapt", (5, 5, 3), norm, True,
        adapted(norm, rng_for("adapt").standard_normal((7, 5, 5, 3)).astype("float32") * 3 + np.array([1, 2, 3], "float32")), 4)
    norm2 = L.Normalization(axis=(1, 2))
    add("normalization_adapt_axes", (4, 3, 2), norm2, True, adapted(norm2, rng_for("adapt2").random((6, 4, 3, 2)).astype("float32") * 5), 3)
    add("normalization_given", (4, 4, 3), L.Normalization(axis=[3], mean=[0.485, 0.456, 0.406], variance=[0.052441, 0.050176, 0.050625]), True, None, 1)
    add("normalization_invert", (4, 4, 3), L.Normalization(axis=[-1], mean=[123.675, 116.28, 103.53], variance=[3409.976, 3262.6944, 3291.890625], invert=True), True, None, 1)
    add("normalization_scalar", (6,), L.Normalization(axis=None, mean=3.0, variance=2.0), True, None, 3)
    add("layer_norm_convnext", (4, 4, 6), L.LayerNormalization(epsilon=1e-6), True, None, 2)
    add("layer_norm_flat", (8,), L.LayerNormalization(), True, None, 2)
    add("layer_norm_axes", (3, 4, 5), L.LayerNormalization(axis=[1, 2]), True, None, 2)
    add("layer_norm_plain", (4, 4, 3), L.LayerNormalization(center=False, scale=False), True, None, 2)
    add("group_norm", (4, 4, 6), L.GroupNormalization(groups=2), True, None, 2)
    add("group_norm_instance", (3, 3, 4), L.GroupNormalization(groups=-1, epsilon=1e-5), True, None, 2)
    add("group_norm_flat", (8,), L.GroupNormalization(groups=4), True, None, 2)
    add("unit_norm", (6,), L.UnitNormalization(), True, None, 2)
    add("unit_norm_axes", (3, 3, 2), L.UnitNormalization(axis=[1, 2]), True, None, 2)
    add("layer_scale", (4, 4, 6), LayerScale(1e-6, 6), True, None, 2)
    add("gap_keepdims", (4, 4, 3), L.GlobalAveragePooling2D(keepdims=True), True, None, 2)
    add("gmp_keepdims", (4, 4, 3), L.GlobalMaxPooling2D(keepdims=True), True, None, 2)
    add("relu6", (4, 4, 3), L.ReLU(max_value=6.0), True, None, 5)
    add("relu_leaky", (10,), L.ReLU(negative_slope=0.1), True, None, 3)
    add("relu_all", (10,), L.ReLU(max_value=4.0, negative_slope=0.2, threshold=0.5), True, None, 3)
    add("relu_threshold", (10,), L.ReLU(threshold=1.0), True, None, 3)
    add("relu_max_slope", (10,), L.ReLU(max_value=2.5, negative_slope=0.3), True, None, 4)
    add("prelu_shared", (4, 4, 3), L.PReLU(shared_axes=[1, 2]), True, None, 2)
    add("prelu", (5,), L.PReLU(), True, None, 2)
    add("elu", (10,), L.ELU(), True, None, 3)
    add("softmax_last", (5,), L.Softmax(), True, None, 3)
    add("softmax_axis1", (3, 4), L.Softmax(axis=1), True, None, 3)
    add("softmax_axes", (3, 4), L.Softmax(axis=[1, 2]), True, None, 3)
    add("cropping2d", (6, 6, 2), L.Cropping2D(((1, 0), (2, 1))), True, None, 1)
    add("upsampling_nearest", (3, 4, 2), L.UpSampling2D((2, 3)), True, None, 1)
    add("upsampling_bilinear", (3, 4, 2), L.UpSampling2D(2, interpolation="bilinear"), True, None, 1)
    add("conv2d_transpose_same", (4, 4, 2), L.Conv2DTranspose(3, 3, strides=2, padding="same"), True, None, 1)
    add("conv2d_transpose_valid", (4, 5, 2), L.Conv2DTranspose(3, (3, 2), strides=(2, 1)), True, None, 1)
    add("conv2d_transpose_outpad", (3, 3, 2), L.Conv2DTranspose(2, 3, strides=2, padding="same", output_padding=1, activation="relu"), True, None, 1)
    add("conv2d_dilated", (7, 7, 2), L.Conv2D(3, 3, dilation_rate=2, padding="same"), True, None, 1)
    add("conv2d_groups", (6, 6, 4), L.Conv2D(6, 3, groups=2), True, None, 1)
    add("conv2d_depthwise_groups", (6, 6, 4), L.Conv2D(8, 3, groups=4, padding="same"), True, None, 1)
    add("conv2d_convnext", (7, 7, 3), L.Conv2D(3, 7, groups=3, padding="same"), True, None, 1)
    add("dropout_noise_shape", (4, 4, 3), L.Dropout(0.5, noise_shape=(None, 1, 1, 3)), False, None, 1)
    add("gaussian_noise", (6,), L.GaussianNoise(0.3), False, None, 1)
    add("gaussian_dropout", (6,), L.GaussianDropout(0.3), False, None, 1)
    add("permute", (3, 4, 2), L.Permute((2, 1, 3)), True, None, 1)
    add("permute_cyclic", (3, 4, 2), L.Permute((3, 1, 2)), True, None, 1)
    add("resizing_bilinear", (6, 6, 2), L.Resizing(3, 5), True, None, 1)
    add("resizing_nearest", (5, 7, 1), L.Resizing(8, 3, interpolation="nearest"), True, None, 1)
    add("resizing_bicubic", (5, 5, 2), L.Resizing(7, 4, interpolation="bicubic"), True, None, 1)
    add("resizing_crop", (6, 9, 1), L.Resizing(4, 4, crop_to_aspect_ratio=True), True, None, 1)
    add("center_crop", (6, 7, 2), L.CenterCrop(3, 4), True, None, 1)
    add("activation_hard_silu", (10,), L.Activation("hard_silu"), True, None, 5)
    add("dense_gelu", (6,), L.Dense(4, activation="gelu"), True, None, 1)
    add("dense_pointwise", (3, 4, 6), L.Dense(5, activation="hard_swish"), True, None, 1)
    add("random_flip", (4, 5, 2), L.RandomFlip(), False, None, 1)
    add("random_rotation", (4, 5, 2), L.RandomRotation(0.2), False, None, 1)
    add("random_zoom", (4, 5, 2), L.RandomZoom(0.2, 0.3), False, None, 1)
    add("random_translation", (4, 5, 2), L.RandomTranslation(0.1, 0.2), False, None, 1)
    add("random_contrast", (4, 5, 2), L.RandomContrast(0.3), False, None, 1)
    add("random_brightness", (4, 5, 2), L.RandomBrightness(0.2, value_range=(0, 1)), False, None, 1)
    # degenerate ranges make the random layers deterministic in training: exact parity there
    add("random_rotation_fixed", (4, 6, 2), L.RandomRotation((0.1, 0.1), fill_mode="constant", fill_value=0.5), True, None, 1)
    add("random_rotation_90", (5, 5, 1), L.RandomRotation((0.25, 0.25), interpolation="nearest"), True, None, 1)
    add("random_zoom_fixed", (6, 5, 2), L.RandomZoom((0.5, 0.5), (-0.25, -0.25), fill_mode="nearest"), True, None, 1)
    add("random_zoom_same", (6, 6, 1), L.RandomZoom((-0.3, -0.3)), True, None, 1)
    add("random_translation_fixed", (4, 5, 2), L.RandomTranslation((0.25, 0.25), (-0.2, -0.2), fill_mode="wrap"), True, None, 1)
    add("random_translation_reflect", (6, 6, 1), L.RandomTranslation((-0.5, -0.5), (0.3, 0.3)), True, None, 1)
    add("random_contrast_fixed", (4, 5, 3), L.RandomContrast((-0.3, 0.3), value_range=(-1, 1)), True, None, 1)
    add("random_brightness_fixed", (4, 5, 3), L.RandomBrightness((0.1, 0.1), value_range=(-1, 1)), True, None, 1)
    return c


def flat(a):
    return np.asarray(a, dtype="float32").reshape(-1).tolist()


def main(out):
    keras.utils.set_random_seed(11)
    result = {"keras_version": keras.__version__, "cases": [], "activations": {}, "fer4j": {}}
    n = 2
    for name, shape, layer, det, setup, scale in cases():
        rng = rng_for(name)
        x = (rng.standard_normal((n,) + shape) * scale).astype("float32")
        model = keras.Sequential([keras.Input(shape), layer])
        (setup or random_weights)(model, rng)
        path = os.path.join(out, name + ".keras")
        model.save(path)
        back = keras.saving.load_model(path)
        inf = back(x, training=False)
        tr = back(x, training=True) if det else None
        result["cases"].append({"name": name, "shape": list(shape), "n": n, "input": flat(x),
                                "layer": keras.saving.serialize_keras_object(back.layers[-1]),
                                "weights": [flat(w) for w in back.layers[-1].get_weights()],
                                "out_shape": list(inf.shape[1:]), "inference": flat(inf),
                                "training": None if tr is None else flat(tr)})
    x = np.linspace(-6, 6, 64, dtype="float32")
    x[[5, 20, 31, 32, 40]] = [-1.0, -0.5, 0.0, 0.5, 1.0]
    x = x.reshape(4, 16)
    result["activations"]["input"] = flat(x)
    for a in ACTIVATIONS:
        result["activations"][a] = flat(keras.activations.get(a)(x))
    result["activations"]["gelu_approximate"] = flat(keras.ops.gelu(x, approximate=True))
    result["activations"]["gelu_exact"] = flat(keras.ops.gelu(x, approximate=False))
    for path in sorted(glob.glob(os.path.join(out, "fer4j_*.keras"))):
        stem = os.path.basename(path)[:-len(".keras")]
        m = keras.saving.load_model(path)
        xin = np.fromfile(os.path.join(out, stem + ".bin"), dtype="<f4").reshape((-1,) + tuple(m.input_shape[1:]))
        result["fer4j"][stem] = {"predictions": flat(m.predict(xin, verbose=0)),
                                 "classes": [type(layer).__name__ for layer in m.layers]}
    with open(os.path.join(out, "oracle.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:])
