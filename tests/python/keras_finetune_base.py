"""Fine-tuning oracle. `make WORK`: a MobileNetV2 (alpha 0.35, 64x64 RGB, weights=None) base
called with training=False under a new 7-class head, trained 3 steps in Keras and saved as
WORK/mnv2.keras. `check MODEL.keras X.bin N OUT.json`: Keras loads the model fer4j trained on,
predicts X and takes one more training step (its optimizer state restored).
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402


def make(work):
    keras.utils.set_random_seed(3)
    base = keras.applications.MobileNetV2(input_shape=(64, 64, 3), alpha=0.35, include_top=False, weights=None)
    inp = keras.Input((64, 64, 3))
    x = base(inp, training=False)
    x = layers.GlobalAveragePooling2D()(x)
    out = layers.Dense(7, activation="softmax")(x)
    m = keras.Model(inp, out, name="fer_mobilenetv2")
    m.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(0)
    x = rng.random((48, 64, 64, 3)).astype("float32")
    y = keras.utils.to_categorical(rng.integers(0, 7, 48), 7)
    m.fit(x, y, batch_size=16, epochs=1, verbose=0)
    # non-trivial BatchNormalization statistics, as a trained base has
    for l in base.layers:
        if isinstance(l, layers.BatchNormalization):
            c = l.moving_mean.shape[0]
            l.moving_mean.assign(rng.normal(0, 0.2, c).astype("float32"))
            l.moving_variance.assign(rng.uniform(0.5, 1.5, c).astype("float32"))
    m.save(os.path.join(work, "mnv2.keras"))
    json.dump({"base": base.name, "iterations": int(m.optimizer.iterations.numpy())}, open(os.path.join(work, "made.json"), "w"))


def check(path, inp, n, out):
    m = keras.saving.load_model(path)
    n = int(n)
    x = np.fromfile(inp, dtype="<f4").reshape((n,) + tuple(m.input_shape[1:]))
    p = m.predict(x, verbose=0)
    base = [l for l in m.layers if isinstance(l, keras.Model)][0]
    it = int(m.optimizer.iterations.numpy())
    y = keras.utils.to_categorical(np.arange(n) % 7, 7)
    m.train_on_batch(x, y)
    json.dump({"predictions": p.tolist(), "iterations": it, "base_trainable": base.trainable,
               "trainable_weights": len(m.trainable_weights),
               "iterations_after_step": int(m.optimizer.iterations.numpy())}, open(out, "w"))


if __name__ == "__main__":
    {"make": make, "check": check}[sys.argv[1]](*sys.argv[2:])
