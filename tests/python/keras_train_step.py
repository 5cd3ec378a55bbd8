"""Oracle for fer4j's training numerics: builds the same small Keras model, loads the weights
fer4j wrote, runs train_on_batch on the same batches and writes the resulting weights, losses
and predictions. Usage: keras_train_step.py WORKDIR (reads spec.json + *.bin, writes out.json)."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402


def read(path, shape):
    return np.fromfile(path, dtype="<f4").reshape(shape)


def main(work):
    spec = json.load(open(os.path.join(work, "spec.json")))
    h, w, c = spec["input_shape"]
    k = spec["classes"]
    model = keras.Sequential([
        keras.Input((h, w, c)),
        layers.Conv2D(4, 3, padding="same", use_bias=False),
        layers.BatchNormalization(),
        layers.Activation("relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(8, use_bias=False),
        layers.BatchNormalization(),
        layers.Activation("relu"),
        layers.Dense(k, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(spec["learning_rate"]), loss="categorical_crossentropy", metrics=["accuracy"])
    weights = [read(os.path.join(work, f"w{i}.bin"), s) for i, s in enumerate(spec["weight_shapes"])]
    model.set_weights(weights)
    losses = []
    for b in range(spec["steps"]):
        x = read(os.path.join(work, f"x{b}.bin"), [spec["batch"], h, w, c])
        y = read(os.path.join(work, f"y{b}.bin"), [spec["batch"], k])
        res = model.train_on_batch(x, y, return_dict=True)
        losses.append(float(res["loss"]))
    x0 = read(os.path.join(work, "x0.bin"), [spec["batch"], h, w, c])
    pred = model.predict(x0, verbose=0)
    out = {"losses": losses, "weights": [v.ravel().tolist() for v in model.get_weights()],
           "predictions": pred.tolist(), "iterations": int(model.optimizer.iterations.numpy())}
    json.dump(out, open(os.path.join(work, "out.json"), "w"))


if __name__ == "__main__":
    main(sys.argv[1])
