"""A widely copied Keras 2 FER model, mini_XCEPTION (face_classification): L2-regularized
kernels (0.01), SeparableConv2D, residual Adds, 64x64 gray input scaled pixel/127.5 - 1. Built
and briefly trained in Keras 3.15.1, saved as a legacy HDF5 file named *.hdf5, and evaluated on
DIR/<class>/*.jpg the way fer4j's CLI reads them (decode gray, bilinear resize with half-pixel
centres as tf.image.resize, then scale). Usage: mini_xception.py DATA_DIR OUT_DIR
(writes OUT_DIR/mini_xception.hdf5 and OUT_DIR/python.json: accuracy, samples)."""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# TF 2.21's oneDNN kernels crash (SIGSEGV) in this model's fit on the Sapphire Rapids CI machine;
# the reference numbers come from TF's own kernels
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras import layers, regularizers  # noqa: E402
from PIL import Image  # noqa: E402


def mini_xception(shape=(64, 64, 1), classes=7, l2=0.01):
    reg = regularizers.l2(l2)
    inp = keras.Input(shape)
    x = layers.Conv2D(8, 3, kernel_regularizer=reg, use_bias=False)(inp)
    x = layers.Activation("relu")(layers.BatchNormalization()(x))
    x = layers.Conv2D(8, 3, kernel_regularizer=reg, use_bias=False)(x)
    x = layers.Activation("relu")(layers.BatchNormalization()(x))
    for n in (16, 32, 64, 128):
        residual = layers.BatchNormalization()(layers.Conv2D(n, 1, strides=2, padding="same", use_bias=False)(x))
        x = layers.SeparableConv2D(n, 3, padding="same", depthwise_regularizer=reg, pointwise_regularizer=reg, use_bias=False)(x)
        x = layers.Activation("relu")(layers.BatchNormalization()(x))
        x = layers.SeparableConv2D(n, 3, padding="same", depthwise_regularizer=reg, pointwise_regularizer=reg, use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
        x = layers.Add()([x, residual])
    x = layers.Conv2D(classes, 3, padding="same")(x)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inp, layers.Activation("softmax", name="predictions")(x), name="mini_XCEPTION")


def load(data_dir):
    classes = sorted(d for d in os.listdir(data_dir) if os.path.isdir(os.path.join(data_dir, d)))
    xs, ys = [], []
    for label, c in enumerate(classes):
        for f in sorted(os.listdir(os.path.join(data_dir, c))):
            xs.append(np.asarray(Image.open(os.path.join(data_dir, c, f)).convert("L"), dtype="float32")[..., None])
            ys.append(label)
    # fer4j's loader: TF's bilinear resize, then 8-bit pixels (rounded half up, as PIL's uint8 images)
    x = np.clip(np.floor(tf.image.resize(np.stack(xs), (64, 64), method="bilinear").numpy() + 0.5), 0, 255)
    return (x / 127.5 - 1.0).astype("float32"), np.array(ys), classes


def main(data_dir, out_dir):
    keras.utils.set_random_seed(5)
    x, y, classes = load(data_dir)
    m = mini_xception()
    m.compile(optimizer=keras.optimizers.Adam(3e-3), loss="categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, keras.utils.to_categorical(y, 7), batch_size=32, epochs=12, verbose=0, shuffle=True)
    # a short run leaves BatchNormalization's moving statistics far from the data's (momentum
    # 0.99): set them from one training-mode pass, as a longer run would
    for l in m.layers:
        if isinstance(l, layers.BatchNormalization):
            l.momentum = 0.0
    m(x[:256], training=True)
    path = os.path.join(out_dir, "mini_xception.h5")
    m.save(path)
    os.rename(path, os.path.join(out_dir, "mini_xception.hdf5"))
    reloaded = keras.models.load_model(os.path.join(out_dir, "mini_xception.hdf5"), compile=False)
    probs = reloaded.predict(x, batch_size=256, verbose=0)
    pred = probs.argmax(axis=1)
    json.dump({"accuracy": float((pred == y).mean()), "samples": int(len(y)), "classes": classes,
               "regularization_losses": len(m.losses), "probabilities": probs.tolist()},
              open(os.path.join(out_dir, "python.json"), "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
