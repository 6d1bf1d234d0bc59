"""``keras.preprocessing``: tf.keras 2's data tools, kept for the tutorials that use them.

Each tool warns once and names its Keras 3 replacement: ``image.ImageDataGenerator``
(augmentation layers, ``keras.utils.image_dataset_from_directory``),
``text.Tokenizer`` (``keras.layers.TextVectorization``) and
``sequence.pad_sequences`` (``keras.utils.pad_sequences``).
"""

from nbkeras.preprocessing import image, sequence, text

__all__ = ["image", "sequence", "text"]


def __dir__():
    return sorted(__all__)  # tab completion shows the API, not helper modules
