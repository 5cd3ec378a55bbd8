"""Trains a small model with the seed layer types 2 steps in Keras and saves it as .keras and .h5.
Usage: keras_write_models.py OUTDIR [seed|extra]   (extra: the other supported layer types)
Writes OUTDIR/model.keras, OUTDIR/model.h5, OUTDIR/input.bin (float32 LE, N x 20 x 20 x 1) and
OUTDIR/expected.json {"n", "predictions", "iterations", "keras_version"}."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402


def extra_model():
    return keras.Sequential([
        keras.Input((20, 20, 1)),
        keras.layers.ZeroPadding2D(((1, 2), (0, 1))),
        keras.layers.Conv2D(4, 3),
        keras.layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", strides=2, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.ReLU(max_value=6.0, negative_slope=0.1, threshold=0.05),
        keras.layers.SeparableConv2D(6, 3, padding="same", depth_multiplier=2),
        keras.layers.LeakyReLU(negative_slope=0.2),
        keras.layers.AveragePooling2D(2, padding="same"),
        keras.layers.SpatialDropout2D(0.3),
        keras.layers.GlobalMaxPooling2D(),
        keras.layers.Reshape((2, 3)),
        keras.layers.Flatten(),
        keras.layers.Dense(5, activation="softmax"),
    ])


def main(out, variant="seed"):
    keras.utils.set_random_seed(7)
    m = extra_model() if variant == "extra" else keras.Sequential([
        keras.Input((20, 20, 1)),
        keras.layers.Rescaling(1.0 / 2.0, offset=0.1),
        keras.layers.Conv2D(6, 3, padding="same"),
        keras.layers.BatchNormalization(),
        keras.layers.Activation("relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Dropout(0.25),
        keras.layers.Conv2D(8, (3, 2), strides=(1, 2), activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(12, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(5, activation="softmax"),
    ])
    m.compile(keras.optimizers.Adam(5e-2), "categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(3)
    for _ in range(2):
        x = rng.random((16, 20, 20, 1), dtype=np.float32)
        y = keras.utils.to_categorical(rng.integers(0, 5, 16), 5)
        m.train_on_batch(x, y)
    n = 5
    xt = rng.random((n, 20, 20, 1), dtype=np.float32)
    xt.astype("<f4").tofile(os.path.join(out, "input.bin"))
    m.save(os.path.join(out, "model.keras"))
    m.save(os.path.join(out, "model.h5"))
    p = m.predict(xt, verbose=0)
    json.dump({"n": n, "predictions": p.tolist(), "iterations": int(m.optimizer.iterations.numpy()),
               "keras_version": keras.__version__}, open(os.path.join(out, "expected.json"), "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
