"""Trains two Keras functional models 2 steps and saves each as .keras and .h5:
residual.* (Add and Concatenate branches) and chain.* (a plain chain built with keras.Model).
Usage: keras_write_functional.py OUTDIR
Writes OUTDIR/{residual,chain}.{keras,h5}, OUTDIR/input.bin (float32 LE, N x 16 x 16 x 1) and
OUTDIR/expected.json {"n", "residual", "chain", "iterations"}."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402


def residual():
    i = keras.Input((16, 16, 1))
    a = layers.Conv2D(4, 3, padding="same")(i)
    a = layers.BatchNormalization()(a)
    a = layers.Activation("relu")(a)
    b = layers.Conv2D(4, 3, padding="same")(a)
    s = layers.Add()([a, b])
    c = layers.Concatenate()([s, a, b])
    c = layers.MaxPooling2D(2)(c)
    d = layers.Conv2D(3, 1)(c)
    m = layers.Average()([layers.GlobalAveragePooling2D()(d), layers.GlobalMaxPooling2D()(d)])
    o = layers.Dense(3, activation="softmax")(m)
    return keras.Model(i, o)


def chain():
    i = keras.Input((16, 16, 1))
    x = layers.Conv2D(4, 3)(i)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Flatten()(x)
    o = layers.Dense(3, activation="softmax")(x)
    return keras.Model(i, o)


def main(out):
    keras.utils.set_random_seed(11)
    rng = np.random.default_rng(4)
    n = 4
    xt = rng.random((n, 16, 16, 1), dtype=np.float32)
    xt.astype("<f4").tofile(os.path.join(out, "input.bin"))
    result = {"n": n}
    for name, make in (("residual", residual), ("chain", chain)):
        m = make()
        m.compile(keras.optimizers.Adam(5e-2), "categorical_crossentropy", metrics=["accuracy"])
        for _ in range(2):
            x = rng.random((8, 16, 16, 1), dtype=np.float32)
            y = keras.utils.to_categorical(rng.integers(0, 3, 8), 3)
            m.train_on_batch(x, y)
        m.save(os.path.join(out, name + ".keras"))
        m.save(os.path.join(out, name + ".h5"))
        result[name] = m.predict(xt, verbose=0).tolist()
        result["iterations"] = int(m.optimizer.iterations.numpy())
    json.dump(result, open(os.path.join(out, "expected.json"), "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
