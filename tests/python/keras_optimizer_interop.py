"""Optimizer state across Keras and fer4j.
create WORK: writes 5 batches (x0..x4.bin, y0..y4.bin), a small Functional model with L2 kernel
  regularizers compiled with SGD(0.05, momentum=0.9, nesterov=True, use_ema=True,
  ema_momentum=0.9, ema_overwrite_frequency=3), trained 2 steps on x0, x1 and
  saved as sgd.keras; then trains on x2..x4 alone and writes the reference (losses of steps 3-5,
  weights after steps 4 and 5) to sgd_ref.json.
resume WORK: loads java_sgd.keras (fer4j's continuation after step 4) and trains on x4; loads
  adamw.keras (trained 3 steps by fer4j) and trains on x3, x4; writes resume.json with the
  optimizer classes, configs, iterations, losses and weights."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402

B, H, W, C, K = 8, 6, 6, 1, 3


def batch(work, i):
    x = np.fromfile(os.path.join(work, f"x{i}.bin"), dtype="<f4").reshape([B, H, W, C])
    y = np.fromfile(os.path.join(work, f"y{i}.bin"), dtype="<f4").reshape([B, K])
    return x, y


def flat(m):
    return [v.ravel().tolist() for v in m.get_weights()]


def create(work):
    rng = np.random.default_rng(4)
    for i in range(5):
        rng.random((B, H, W, C), dtype=np.float32).astype("<f4").tofile(os.path.join(work, f"x{i}.bin"))
        np.eye(K, dtype=np.float32)[rng.integers(0, K, B)].astype("<f4").tofile(os.path.join(work, f"y{i}.bin"))
    keras.utils.set_random_seed(1)
    inp = keras.Input((H, W, C))
    x = keras.layers.Conv2D(4, 3, padding="same", kernel_regularizer=keras.regularizers.L2(0.01))(inp)
    x = keras.layers.BatchNormalization()(x)
    x = keras.layers.Activation("relu")(x)
    x = keras.layers.Flatten()(x)
    out = keras.layers.Dense(K, activation="softmax", kernel_regularizer=keras.regularizers.L2(0.02))(x)
    m = keras.Model(inp, out)
    sgd = keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True, use_ema=True, ema_momentum=0.9, ema_overwrite_frequency=3)
    m.compile(sgd, "categorical_crossentropy", metrics=["accuracy"])
    for i in range(2):
        m.train_on_batch(*batch(work, i))
    m.save(os.path.join(work, "sgd.keras"))
    losses, after4 = [], None
    for i in range(2, 5):
        losses.append(float(m.train_on_batch(*batch(work, i), return_dict=True)["loss"]))
        if i == 3:
            after4 = flat(m)
    json.dump({"losses": losses, "after4": after4, "after5": flat(m)}, open(os.path.join(work, "sgd_ref.json"), "w"))


def resume(work):
    out = {}
    m = keras.saving.load_model(os.path.join(work, "java_sgd.keras"))
    out["sgd_iterations_loaded"] = int(m.optimizer.iterations.numpy())
    out["sgd_loss5"] = float(m.train_on_batch(*batch(work, 4), return_dict=True)["loss"])
    out["sgd_after5"] = flat(m)
    a = keras.saving.load_model(os.path.join(work, "adamw.keras"))
    out["adamw_class"] = type(a.optimizer).__name__
    out["adamw_config"] = a.optimizer.get_config()
    out["adamw_iterations_loaded"] = int(a.optimizer.iterations.numpy())
    out["adamw_losses"] = [float(a.train_on_batch(*batch(work, i), return_dict=True)["loss"]) for i in (3, 4)]
    out["adamw_after"] = flat(a)
    out["adamw_iterations"] = int(a.optimizer.iterations.numpy())
    json.dump(out, open(os.path.join(work, "resume.json"), "w"))


if __name__ == "__main__":
    {"create": create, "resume": resume}[sys.argv[1]](sys.argv[2])
