"""Python Keras 3.15.1 baseline for `fer4j bench train`: model.fit img/s of the same seed model
on random 48x48x1 data. Usage: bench_keras_fit.py [--batch-size 64] [--steps 30] [--rounds 2] [--precision float32|mixed_bfloat16]."""
import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402


def seed_model():
    m = keras.Sequential([keras.Input((48, 48, 1))])
    for filters, k in [(36, 3), (128, 5), (512, 3), (512, 3)]:
        m.add(layers.Conv2D(filters, k, padding="same"))
        m.add(layers.BatchNormalization())
        m.add(layers.Activation("relu"))
        m.add(layers.MaxPooling2D(2))
        m.add(layers.Dropout(0.25))
    m.add(layers.Flatten())
    for units in (256, 512):
        m.add(layers.Dense(units))
        m.add(layers.BatchNormalization())
        m.add(layers.Activation("relu"))
        m.add(layers.Dropout(0.25))
    m.add(layers.Dense(7, activation="softmax", dtype="float32"))  # float32 output under mixed precision, as Keras advises
    m.compile(optimizer=keras.optimizers.Adam(1e-4), loss="categorical_crossentropy", metrics=["accuracy"])
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--precision", default="float32", choices=["float32", "mixed_bfloat16"])
    a = ap.parse_args()
    keras.mixed_precision.set_global_policy(a.precision)
    n = a.batch_size * a.steps
    rng = np.random.default_rng(7)
    x = rng.integers(0, 256, size=(n, 48, 48, 1)).astype("float32") / 255.0
    y = keras.utils.to_categorical(np.arange(n) % 7, 7)
    m = seed_model()
    print(f"params={m.count_params()}")
    m.fit(x[: a.batch_size * 3], y[: a.batch_size * 3], batch_size=a.batch_size, epochs=1, verbose=0)  # warm-up/trace
    total = 0.0
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        m.fit(x, y, batch_size=a.batch_size, epochs=1, verbose=0, shuffle=True)
        total += time.perf_counter() - t0
    print(f"precision={a.precision} keras_fit_img_per_s={n * a.rounds / total:.1f}")


if __name__ == "__main__":
    main()
