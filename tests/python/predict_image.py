"""What :predictImage should answer, computed by Python TF: decode (JPEG with the accurate IDCT, as
PIL), bilinear half-pixel resize to the model's size, /255, serving_default.
Usage: predict_image.py SAVEDMODEL IMAGE OUT.json"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tensorflow as tf  # noqa: E402


def main(d, image, out):
    fn = tf.saved_model.load(d).signatures["serving_default"]
    (name, spec), = fn.structured_input_signature[1].items()
    _, h, w, c = spec.shape
    data = tf.io.read_file(image)
    if open(image, "rb").read(3) == b"\xff\xd8\xff":
        img = tf.io.decode_jpeg(data, channels=c, dct_method="INTEGER_ACCURATE")
    else:
        img = tf.io.decode_image(data, channels=c, expand_animations=False)
    x = tf.image.resize(tf.cast(img, tf.float32)[None], (h, w), method="bilinear", antialias=False) / 255.0
    (probs,) = fn(**{name: x}).values()
    json.dump({"probabilities": probs.numpy()[0].tolist()}, open(out, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:])
