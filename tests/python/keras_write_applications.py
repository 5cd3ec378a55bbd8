"""Builds keras.applications architectures (weights=None, logits), gives every weight a seeded
non-trivial value (BN gamma/beta/moving statistics, biases), saves each as .keras and as legacy
.h5, writes RGB PNGs at each model's input size and Keras' outputs for the tensor fer4j's CLI
builds from them (pixel * SCALE + OFFSET in float32).

Usage: keras_write_applications.py OUTDIR [NAME...]
Writes OUTDIR/NAME.keras, OUTDIR/NAME.h5, OUTDIR/NAME-<i>.png and OUTDIR/expected.json:
{"scale", "offset", "models": {NAME: {"size", "images": [file...], "outputs": [[...], ...]}}}."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import applications as apps  # noqa: E402
from keras import layers  # noqa: E402

SCALE = 2.0 / 255.0  # the [-1, 1] scaling of MobileNet/Inception/Xception preprocessing
OFFSET = -1.0
CLASSES = 7
N_IMAGES = 2


def wrapped_mobilenet(shape):
    """The transfer-learning pattern: a frozen-in-part base model nested as a layer, called with
    training=False, under a new head (tests nested-model weight order in legacy h5)."""
    base = apps.MobileNetV2(input_shape=shape, include_top=False, weights=None, alpha=0.35)
    for layer in base.layers[:40]:
        layer.trainable = False
    i = keras.Input(shape)
    x = base(i, training=False)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    o = layers.Dense(CLASSES)(x)
    return keras.Model(i, o)


def top(fn):
    return lambda shape: fn(input_shape=shape, weights=None, include_top=True, classes=CLASSES, classifier_activation=None)


# name -> (builder, input size): the smallest sizes Keras accepts keep the test cheap; odd sizes
# exercise "same"/"valid" padding on odd extents
MODELS = {
    "vgg16": (top(apps.VGG16), 32),
    "resnet50": (top(apps.ResNet50), 64),
    "resnet50v2": (top(apps.ResNet50V2), 64),
    "mobilenetv2": (top(apps.MobileNetV2), 64),
    "xception": (top(apps.Xception), 71),
    "inceptionv3": (top(apps.InceptionV3), 75),
    "densenet121": (top(apps.DenseNet121), 64),
    "mobilenetv2_wrapped": (wrapped_mobilenet, 64),
    # layers from the training-vocabulary issue: GlobalAveragePooling2D keepdims, hard_silu,
    # Rescaling + Normalization preprocessing, LayerNormalization, LayerScale
    "mobilenet": (top(apps.MobileNet), 32),
    "mobilenetv3small": (top(apps.MobileNetV3Small), 32),
    "efficientnetb0": (top(apps.EfficientNetB0), 32),
    "efficientnetv2b0": (top(apps.EfficientNetV2B0), 32),
    "convnexttiny": (top(apps.ConvNeXtTiny), 32),
}


def randomize(model, rng):
    """Seeded values for what weights=None leaves trivial: BN moving statistics (0/1), gamma/beta
    (1/0) and biases (0). Kernels keep Keras' seeded initializers."""
    for v in model.weights:
        name = v.path.split("/")[-1]
        shape = tuple(v.shape)
        if name == "moving_mean":
            v.assign(rng.normal(0.0, 0.2, shape).astype("float32"))
        elif name == "moving_variance":
            v.assign(rng.uniform(0.5, 1.5, shape).astype("float32"))
        elif name == "gamma":
            v.assign(rng.uniform(0.7, 1.3, shape).astype("float32"))
        elif name in ("beta", "bias"):
            v.assign(rng.normal(0.0, 0.1, shape).astype("float32"))


def write_png(path, pixels):
    import tensorflow as tf

    tf.io.write_file(path, tf.io.encode_png(pixels))


def main(out, *names):
    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(7)
    result = {"scale": SCALE, "offset": OFFSET, "models": {}}
    for name in names or MODELS:
        make, size = MODELS[name]
        model = make((size, size, 3))
        randomize(model, rng)
        model.save(os.path.join(out, name + ".keras"))
        model.save(os.path.join(out, name + ".h5"))
        images, xs = [], []
        for i in range(N_IMAGES):
            px = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
            f = "%s-%d.png" % (name, i)
            write_png(os.path.join(out, f), px)
            images.append(f)
            xs.append(px.astype(np.float32) * np.float32(SCALE) + np.float32(OFFSET))
        y = model(np.stack(xs), training=False)
        y = keras.ops.convert_to_numpy(y)
        assert np.all(np.isfinite(y)), name
        result["models"][name] = {"size": size, "images": images, "outputs": y.tolist()}
        print(name, "max|output| %.3g" % float(np.abs(y).max()), flush=True)
        keras.backend.clear_session()
    json.dump(result, open(os.path.join(out, "expected.json"), "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
