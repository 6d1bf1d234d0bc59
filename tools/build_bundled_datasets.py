"""Builds the small sets that ship inside nbkeras (run once; the outputs are committed).

* ``nbkeras/datasets/bundled/docstrings.npz``: one-line summaries of functions and
  classes of the Python standard library, labelled by topic (math, text, files,
  time, network). Source: the docstrings of the CPython interpreter that runs this
  script (PSF License 2.0).
* ``nbkeras/datasets/bundled/diabetes.csv``: the diabetes study of Efron, Hastie,
  Johnstone and Tibshirani (2004), 442 patients, 10 raw baseline measurements and a
  disease-progression score one year later, as scikit-learn ships it (BSD-3-Clause).

Usage: ``python tools/build_bundled_datasets.py`` (needs scikit-learn installed).
"""

import gzip
import importlib
import inspect
import os
import re
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "nbkeras", "datasets", "bundled")
TOPICS = {
    "math": ["math", "cmath", "statistics", "fractions", "decimal", "random", "numbers"],
    "text": ["string", "re", "textwrap", "difflib", "unicodedata", "codecs", "html"],
    "files": ["os", "os.path", "shutil", "pathlib", "glob", "tempfile", "io", "zipfile", "tarfile"],
    "time": ["time", "datetime", "calendar", "zoneinfo", "sched"],
    "network": ["socket", "urllib.request", "urllib.parse", "http.client", "http.server",
                "smtplib", "ftplib", "ssl", "ipaddress"],
}


def summary(obj):
    """The first sentence of a docstring, skipping signature lines such as ``sin(x)``."""
    doc = inspect.getdoc(obj) or ""
    for paragraph in doc.split("\n\n"):
        text = " ".join(paragraph.split())
        if not text or re.match(r"^[\w.]+\(.*\)( -> .*)?$", text) or "-->" in text:
            continue
        sentence = re.split(r"(?<=[.!?])\s", text)[0]
        if 3 <= len(sentence.split()) <= 40 and not re.search(r"[>]{3}|::", sentence):
            return sentence
        return None
    return None


def docstring_set():
    seen, texts, labels = set(), [], []
    for label, (topic, modules) in enumerate(TOPICS.items()):
        for name in modules:
            module = importlib.import_module(name)
            members = []
            for attr in sorted(dir(module)):
                if attr.startswith("_"):
                    continue
                obj = getattr(module, attr)
                if getattr(obj, "__module__", None) and not str(obj.__module__).split(".")[0] in \
                        (name.split(".")[0], "posixpath", "_" + name.split(".")[0], "posix"):
                    continue
                members.append(obj)
                if inspect.isclass(obj):
                    members.extend(getattr(obj, m) for m in sorted(vars(obj))
                                   if not m.startswith("_") and callable(getattr(obj, m, None)))
            for obj in members:
                if not callable(obj):
                    continue
                text = summary(obj)
                if text and text not in seen:
                    seen.add(text)
                    texts.append(text)
                    labels.append(label)
    return np.array(texts), np.array(labels, dtype="int32"), np.array(list(TOPICS))


def diabetes_set():
    import sklearn.datasets

    folder = os.path.join(os.path.dirname(sklearn.datasets.__file__), "data")
    with gzip.open(os.path.join(folder, "diabetes_data_raw.csv.gz"), "rt") as stream:
        x = np.loadtxt(stream)  # no header: age sex bmi bp s1..s6
    with gzip.open(os.path.join(folder, "diabetes_target.csv.gz"), "rt") as stream:
        y = np.loadtxt(stream)
    names = np.array(["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
    return x.astype("float32"), y.astype("float32"), names


def main():
    os.makedirs(OUT, exist_ok=True)
    texts, labels, names = docstring_set()
    np.savez_compressed(os.path.join(OUT, "docstrings.npz"), texts=texts, labels=labels,
                        class_names=names, python=np.array(sys.version.split()[0]))
    print("docstrings:", len(texts), "texts", np.bincount(labels).tolist())
    x, y, columns = diabetes_set()
    header = ",".join(list(columns) + ["progression"])
    np.savetxt(os.path.join(OUT, "diabetes.csv"), np.column_stack([x, y]), delimiter=",",
               header=header, comments="", fmt="%.6g")
    print("diabetes:", x.shape, y.shape)


if __name__ == "__main__":
    main()
