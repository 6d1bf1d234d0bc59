"""load_img / img_to_array / array_to_img / save_img, and the directory datasets."""

import numpy as np
import pytest

from nbkeras.utils import (array_to_img, image_dataset_from_directory, img_to_array, load_img,
                           save_img, text_dataset_from_directory)


def _image(height=6, width=8, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3)).astype("uint8")


def test_png_round_trip(tmp_path):
    image = _image()
    save_img(tmp_path / "a.png", image, scale=False)
    loaded = img_to_array(load_img(tmp_path / "a.png"))
    assert loaded.dtype == np.float32 and loaded.shape == (6, 8, 3)
    np.testing.assert_array_equal(loaded, image)


def test_color_modes_and_target_size(tmp_path):
    save_img(tmp_path / "a.png", _image(), scale=False)
    gray = img_to_array(load_img(tmp_path / "a.png", color_mode="grayscale"))
    assert gray.shape == (6, 8, 1)
    rgba = img_to_array(load_img(tmp_path / "a.png", color_mode="rgba", target_size=(3, 4)))
    assert rgba.shape == (3, 4, 4)
    cropped = load_img(tmp_path / "a.png", target_size=(4, 4), keep_aspect_ratio=True)
    assert cropped.size == (4, 4)
    with pytest.raises(ValueError, match="color_mode"):
        load_img(tmp_path / "a.png", color_mode="cmyk")


def test_array_to_img_scales_and_picks_the_mode():
    img = array_to_img(np.linspace(0, 1, 12, dtype="float32").reshape(2, 6, 1))
    assert img.mode == "L" and np.asarray(img).max() == 255
    assert array_to_img(np.zeros((2, 2, 4))).mode == "RGBA"
    with pytest.raises(ValueError, match="rank 3"):
        array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="channel"):
        array_to_img(np.zeros((2, 2, 2)))


def test_save_rgba_as_jpeg_warns(tmp_path):
    with pytest.warns(UserWarning, match="RGBA"):
        save_img(tmp_path / "a.jpg", np.ones((4, 4, 4)) * 100)
    assert load_img(tmp_path / "a.jpg").size == (4, 4)


def _make_image_folders(root):
    for label, name in enumerate(["cats", "dogs"]):
        (root / name).mkdir(parents=True)
        for i in range(5):
            save_img(root / name / f"{i}.png", np.full((4, 6, 3), 40 * label + i), scale=False)
    (root / "cats" / "notes.txt").write_text("not an image")


def test_image_dataset_from_directory(tmp_path, capsys):
    _make_image_folders(tmp_path)
    dataset = image_dataset_from_directory(tmp_path, image_size=(2, 3), batch_size=4, seed=1)
    assert "Found 10 files belonging to 2 classes." in capsys.readouterr().out
    assert dataset.class_names == ["cats", "dogs"] and len(dataset) == 3
    images, labels = dataset[0]
    assert images.shape == (4, 2, 3, 3) and images.dtype == np.float32
    assert labels.dtype == np.int32
    for image, label in zip(images, labels):  # dog pixels are >= 40, cat pixels < 5
        assert (image.min() >= 40) == bool(label)
    order = np.array([f"{c}/{i}.png" for c in ("cats", "dogs") for i in range(5)])
    np.random.RandomState(1).shuffle(order)
    assert [p.endswith(o) for p, o in zip(dataset.file_paths, order)] == [True] * 10


def test_image_dataset_subsets_and_label_modes(tmp_path, capsys):
    _make_image_folders(tmp_path)
    train, val = image_dataset_from_directory(tmp_path, image_size=(4, 6), validation_split=0.2,
                                              subset="both", seed=3, label_mode="categorical",
                                              color_mode="grayscale")
    assert "Using 8 files for training." in capsys.readouterr().out
    assert train.count == 8 and val.count == 2
    assert not set(train.file_paths) & set(val.file_paths)
    images, labels = train[0]
    assert images.shape == (8, 4, 6, 1) and labels.shape == (8, 2)
    binary = image_dataset_from_directory(tmp_path, image_size=(4, 6), label_mode="binary",
                                          shuffle=False)
    assert binary[0][1].shape == (10, 1)
    unlabeled = image_dataset_from_directory(tmp_path, image_size=(4, 6), labels=None,
                                             shuffle=False)
    assert unlabeled[0].shape == (10, 4, 6, 3)
    with pytest.raises(ValueError, match="seed"):
        image_dataset_from_directory(tmp_path, validation_split=0.2, subset="training")


def test_text_dataset_from_directory(tmp_path):
    folders = {"neg": ["bad film", "awful"], "pos": ["great fun", "loved it", "wow"]}
    for name, texts in folders.items():
        (tmp_path / name).mkdir()
        for i, text in enumerate(texts):
            (tmp_path / name / f"{i}.txt").write_text(text)
    dataset = text_dataset_from_directory(tmp_path, shuffle=False, max_length=5, batch_size=2)
    texts, labels = dataset[0]
    assert texts.tolist() == ["bad f", "awful"] and labels.tolist() == [0, 0]
    assert dataset.as_numpy()[1].tolist() == [0, 0, 1, 1, 1]
