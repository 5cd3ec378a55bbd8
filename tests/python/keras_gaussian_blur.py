"""Oracle for fer4j's Augmentation blur: keras.ops.image.gaussian_blur (kernel 3x3) of one float32
image. Args: in.f32 out.f32 height width channels sigma_x sigma_y."""
import sys

import numpy as np
import keras

src, dst, h, w, c, sx, sy = sys.argv[1:8]
img = np.fromfile(src, dtype="<f4").reshape(int(h), int(w), int(c))
out = keras.ops.image.gaussian_blur(img, kernel_size=(3, 3), sigma=(float(sx), float(sy)))
np.asarray(keras.ops.convert_to_numpy(out), dtype="<f4").tofile(dst)
