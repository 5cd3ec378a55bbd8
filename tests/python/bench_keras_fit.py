"""Python Keras 3.15.1 baseline for `fer4j bench train`: model.fit img/s of the same seed model
on random 48x48x1 data, or of a keras.applications model (--app resnet50|mobilenetv2 --input-size 64,
saved with --save FILE.keras so that `fer4j bench train --model FILE.keras` trains the same file).
Usage: bench_keras_fit.py [--batch-size 64] [--steps 30] [--rounds 2] [--precision float32|mixed_bfloat16]
       [--app NAME --input-size S [--save FILE.keras]] [--model FILE.keras]"""
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


APPS = {"resnet50": keras.applications.ResNet50, "mobilenetv2": keras.applications.MobileNetV2}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--precision", default="float32", choices=["float32", "mixed_bfloat16"])
    ap.add_argument("--app", choices=sorted(APPS), help="a keras.applications architecture (weights=None, 7 classes)")
    ap.add_argument("--input-size", type=int, default=64)
    ap.add_argument("--save", help="save the --app model (compiled) as this .keras file")
    ap.add_argument("--model", help="benchmark this .keras file instead")
    a = ap.parse_args()
    keras.mixed_precision.set_global_policy(a.precision)
    if a.model:
        m = keras.saving.load_model(a.model, compile=False)
        m.compile(optimizer=keras.optimizers.Adam(1e-4), loss="categorical_crossentropy", metrics=["accuracy"])
    elif a.app:
        m = APPS[a.app](input_shape=(a.input_size, a.input_size, 3), weights=None, classes=7)
        m.compile(optimizer=keras.optimizers.Adam(1e-4), loss="categorical_crossentropy", metrics=["accuracy"])
        if a.save:
            m.save(a.save)
    else:
        m = seed_model()
    shape = tuple(m.input_shape[1:])
    k = m.output_shape[-1]
    n = a.batch_size * a.steps
    rng = np.random.default_rng(7)
    x = rng.integers(0, 256, size=(n,) + shape).astype("float32") / 255.0
    y = keras.utils.to_categorical(np.arange(n) % k, k)
    print(f"model={a.model or a.app or 'seed'} input={shape} params={m.count_params()}")
    m.fit(x[: a.batch_size * 3], y[: a.batch_size * 3], batch_size=a.batch_size, epochs=1, verbose=0)  # warm-up/trace
    total = 0.0
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        m.fit(x, y, batch_size=a.batch_size, epochs=1, verbose=0, shuffle=True)
        total += time.perf_counter() - t0
    print(f"precision={a.precision} keras_fit_img_per_s={n * a.rounds / total:.1f}")


if __name__ == "__main__":
    main()
