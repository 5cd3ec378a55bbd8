"""Files for the name-independence and refusal tests of model loading.
Usage: keras_write_format_cases.py OUTDIR
Writes OUTDIR/model.keras and OUTDIR/model.h5 (a small RGB Keras 3.15.1 functional model with
logits), OUTDIR/image.png (its input size), OUTDIR/expected.json {"scale", "offset", "outputs"}
(Keras' outputs for pixel * scale + offset), and files that are not Keras models:
OUTDIR/plain.h5 (an HDF5 file holding one dataset), OUTDIR/weights.weights.h5
(model.save_weights: weights without a model) and OUTDIR/not_keras.zip (a zip of a text file)."""
import json
import os
import sys
import zipfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import h5py  # noqa: E402
import numpy as np  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

SCALE = 1.0 / 127.5
OFFSET = -1.0


def main(out):
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    i = keras.Input((12, 12, 3))
    a = layers.Conv2D(4, 3, padding="same", activation="relu")(i)
    b = layers.Conv2D(4, 1)(i)
    x = layers.Concatenate()([a, b])
    x = layers.BatchNormalization()(x)
    x = layers.GlobalAveragePooling2D()(x)
    o = layers.Dense(5)(x)
    m = keras.Model(i, o)
    for v in m.weights:
        if v.path.endswith(("bias", "beta", "moving_mean")):
            v.assign(rng.normal(0, 0.3, v.shape).astype("float32"))
    m.save(os.path.join(out, "model.keras"))
    m.save(os.path.join(out, "model.h5"))
    m.save_weights(os.path.join(out, "weights.weights.h5"))
    px = rng.integers(0, 256, (12, 12, 3), dtype=np.uint8)
    tf.io.write_file(os.path.join(out, "image.png"), tf.io.encode_png(px))
    x = px.astype(np.float32) * np.float32(SCALE) + np.float32(OFFSET)
    y = keras.ops.convert_to_numpy(m(x[None], training=False))[0]
    json.dump({"scale": SCALE, "offset": OFFSET, "outputs": y.tolist()}, open(os.path.join(out, "expected.json"), "w"))
    with h5py.File(os.path.join(out, "plain.h5"), "w") as f:
        f.create_dataset("measurements", data=np.arange(10, dtype=np.float32))
        f.attrs["note"] = "an HDF5 file that is not a Keras model"
    with zipfile.ZipFile(os.path.join(out, "not_keras.zip"), "w") as z:
        z.writestr("readme.txt", "a zip archive that is not a .keras file\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
