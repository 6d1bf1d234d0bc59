"""plot_model without graphviz: SVG structure (one node per layer, one edge per connection),
labels, layout and the files it writes."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

import nbkeras as keras
from nbkeras import layers

SVG = "{http://www.w3.org/2000/svg}"


def _parse(plot):
    root = ET.fromstring(plot._repr_svg_())
    nodes = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}
    edges = [(g.get("data-source"), g.get("data-target"))
             for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    clusters = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cluster"]
    return root, nodes, edges, clusters


def _titles(nodes):
    return sorted(node.find(f"{SVG}title").text for node in nodes.values())


def _text(node):
    return " ".join(t.text or "" for t in node.iter(f"{SVG}text"))


def wide_and_deep():
    wide, deep = keras.Input((5,), name="wide"), keras.Input((3,), name="deep")
    hidden = layers.Dense(4, activation="relu", name="hidden")(deep)
    joined = layers.Concatenate(name="join")([wide, hidden])
    return keras.Model([wide, deep], layers.Dense(1, activation="sigmoid", name="out")(joined),
                       name="wide_deep")


def test_sequential_is_a_chain():
    model = keras.Sequential([keras.Input((4,), name="x"), layers.Dense(3, name="a"),
                              layers.Dense(2, name="b")], name="chain")
    _, nodes, edges, _ = _parse(keras.utils.plot_model(model))
    assert _titles(nodes) == ["a (Dense)", "b (Dense)", "x (InputLayer)"]
    assert len(edges) == 2


def test_wide_and_deep_has_one_node_per_layer_and_one_edge_per_connection():
    model = wide_and_deep()
    _, nodes, edges, _ = _parse(keras.utils.plot_model(model))
    assert _titles(nodes) == ["deep (InputLayer)", "hidden (Dense)", "join (Concatenate)",
                              "out (Dense)", "wide (InputLayer)"]
    named = {(nodes[s].find(f"{SVG}title").text.split()[0], nodes[t].find(f"{SVG}title").text.split()[0])
             for s, t in edges}
    assert len(edges) == 4, f"one edge per connection, none twice: {edges}"
    assert named == {("deep", "hidden"), ("hidden", "join"), ("wide", "join"), ("join", "out")}


def test_a_diamond_and_a_shared_layer():
    inputs = keras.Input((4,), name="x")
    shared = layers.Dense(4, name="shared")
    left = layers.Dense(4, name="left")(inputs)
    right = layers.Dense(4, name="right")(inputs)
    out = layers.Add(name="add")([shared(left), shared(right)])
    _, nodes, edges, _ = _parse(keras.utils.plot_model(keras.Model(inputs, out)))
    assert len(nodes) == 5, "the shared layer is drawn once"
    assert len(edges) == 5  # x->left, x->right, left->shared, right->shared, shared->add


def test_nested_model_collapsed_or_expanded():
    inner_in = keras.Input((3,), name="inner_in")
    inner = keras.Model(inner_in, layers.Dense(2, name="inner_dense")(inner_in), name="inner")
    outer_in = keras.Input((3,), name="outer_in")
    outer = keras.Model(outer_in, layers.Dense(1, name="head")(inner(outer_in)), name="outer")
    _, nodes, _, clusters = _parse(keras.utils.plot_model(outer))
    assert "inner (Functional)" in _titles(nodes) and not clusters
    _, nodes, edges, clusters = _parse(keras.utils.plot_model(outer, expand_nested=True))
    assert "inner_dense (Dense)" in _titles(nodes)
    assert len(clusters) == 1 and "inner" in "".join(clusters[0].itertext())
    assert len(edges) == len(nodes) - 1


def test_labels_follow_the_options():
    model = wide_and_deep()
    _, nodes, _, _ = _parse(keras.utils.plot_model(model, show_shapes=True))
    join = next(n for n in nodes.values() if n.find(f"{SVG}title").text.startswith("join"))
    assert "(None, 5), (None, 4)" in _text(join) and "(None, 9)" in _text(join)
    _, nodes, _, _ = _parse(keras.utils.plot_model(model, show_dtype=True, show_layer_activations=True,
                                                   show_trainable=True, show_layer_names=False))
    out = next(n for n in nodes.values() if "Dense" in n.find(f"{SVG}title").text
               and "sigmoid" in _text(n))
    assert "float32" in _text(out)
    assert "out" not in out.find(f"{SVG}title").text.split()


def _boxes(root):
    return [tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
            for g in root.iter(f"{SVG}g") if g.get("class") == "node"
            for r in [g.find(f"{SVG}rect")]]


def test_rankdir_lr_lays_the_chain_out_horizontally():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(3), layers.Dense(2)])
    tall, _, _, _ = _parse(keras.utils.plot_model(model))
    wide, _, _, _ = _parse(keras.utils.plot_model(model, rankdir="LR"))
    assert float(tall.get("height")) > float(tall.get("width"))
    assert float(wide.get("width")) > float(wide.get("height"))


def test_no_two_boxes_overlap_in_a_branching_graph():
    inputs = keras.Input((8,), name="x")
    branches = [layers.Dense(4, name=f"branch_{i}")(inputs) for i in range(4)]
    merged = layers.Concatenate(name="merged")(branches)
    skip = layers.Add(name="skip")([layers.Dense(16, name="proj")(inputs), merged])
    model = keras.Model(inputs, [layers.Dense(1, name="a")(skip), layers.Dense(2, name="b")(merged)])
    root, nodes, _, _ = _parse(keras.utils.plot_model(model, show_shapes=True))
    boxes = _boxes(root)
    assert len(boxes) == len(nodes) == 10
    for i, (x0, y0, w0, h0) in enumerate(boxes):
        for x1, y1, w1, h1 in boxes[i + 1:]:
            apart = x0 + w0 <= x1 or x1 + w1 <= x0 or y0 + h0 <= y1 or y1 + h1 <= y0
            assert apart, f"boxes overlap: {(x0, y0, w0, h0)} and {(x1, y1, w1, h1)}"


def test_to_file_writes_svg_and_png(tmp_path):
    import matplotlib.image

    model = wide_and_deep()
    keras.utils.plot_model(model, to_file=tmp_path / "graph.svg", show_shapes=True)
    ET.parse(tmp_path / "graph.svg")  # well-formed XML
    keras.utils.plot_model(model, to_file=str(tmp_path / "graph.png"), dpi=100)
    data = (tmp_path / "graph.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(tmp_path / "graph.png")
    assert image.shape[0] > 100 and image.shape[1] > 100
    assert np.ptp(image[..., :3]) > 0, "the picture is not blank"


def test_unknown_file_type_and_unbuilt_model_give_clear_errors(tmp_path):
    with pytest.raises(ValueError, match=r"\.svg or \.png.*graph\.pdf"):
        keras.utils.plot_model(wide_and_deep(), to_file=tmp_path / "graph.pdf")
    with pytest.raises(ValueError, match=r"not been built.*keras\.Input"):
        keras.utils.plot_model(keras.Sequential([layers.Dense(2)]))


def test_the_svg_is_the_same_every_time():
    assert keras.utils.plot_model(wide_and_deep())._repr_svg_() == \
        keras.utils.plot_model(wide_and_deep())._repr_svg_()


def test_trainable_and_dtype_lines():
    model = wide_and_deep()
    model.get_layer("hidden").trainable = False
    _, nodes, _, _ = _parse(keras.utils.plot_model(model, show_trainable=True, show_dtype=True))
    text = {n.find(f"{SVG}title").text.split()[0]: _text(n) for n in nodes.values()}
    assert "Trainable: False" in text["hidden"] and "Trainable: True" in text["out"], text
    assert "Trainable" not in text["join"], "a layer without weights has no trainable flag"
    assert "dtype: float32" in text["out"], text["out"]
    _, nodes, _, _ = _parse(keras.utils.plot_model(model))
    assert not any("Trainable" in _text(n) or "dtype" in _text(n) for n in nodes.values()), (
        "the extra lines appear only when asked for")


def test_subclassed_model_is_one_box():
    class TwoLayers(keras.Model):
        def __init__(self):
            super().__init__(name="two")
            self.hidden, self.out = layers.Dense(3), layers.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    model = TwoLayers()
    model(np.ones((2, 4), "float32"))
    _, nodes, edges, _ = _parse(keras.utils.plot_model(model, show_shapes=True))
    assert _titles(nodes) == ["two (TwoLayers)"] and edges == []


def _frames(root):
    return {g.get("id"): tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
            for g in root.iter(f"{SVG}g") if g.get("class") == "cluster" for r in [g.find(f"{SVG}rect")]}


def _inside(box, frame):
    x, y, w, h = box
    fx, fy, fw, fh = frame
    return fx <= x and fy <= y and x + w <= fx + fw and y + h <= fy + fh


def _apart(a, b):
    return a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]


def _sub_model(name, depth):
    inputs = keras.Input((4,), name=f"{name}_in")
    hidden = inputs
    for number in range(depth):
        hidden = layers.Dense(4, name=f"{name}_{number}")(hidden)
    return keras.Model(inputs, hidden, name=name)


@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_nested_frames_hold_their_layers_and_nothing_else(rankdir):
    inputs = keras.Input((4,), name="x")
    plain = layers.Dense(4, name="p2")(layers.Dense(4, name="p1")(layers.Dense(4, name="p0")(inputs)))
    two_levels = keras.Sequential([layers.Dense(4, name="mid"),
                                   keras.Sequential([layers.Dense(4, name="deep")], name="lvl2")],
                                  name="lvl1")
    merged = layers.Concatenate(name="cat")([_sub_model("branch_a", 3)(inputs), plain,
                                             _sub_model("branch_b", 2)(inputs), two_levels(inputs)])
    model = keras.Model(inputs, merged, name="nested")
    root, nodes, edges, _ = _parse(keras.utils.plot_model(model, expand_nested=True, show_shapes=True,
                                                          rankdir=rankdir))
    frames = _frames(root)
    assert set(frames) == {"cluster-branch_a", "cluster-branch_b", "cluster-lvl1", "cluster-lvl1.lvl2"}
    boxes = {node_id: box for node_id, box in zip(nodes, _boxes(root))}
    assert len(boxes) == 14 and len(edges) == 16
    for frame_id, frame in frames.items():
        prefix = "node-" + frame_id[len("cluster-"):] + "."
        for node_id, box in boxes.items():
            if node_id.startswith(prefix):
                assert _inside(box, frame), f"{node_id} sticks out of its frame {frame_id}"
            else:
                assert _apart(box, frame), f"{frame_id}'s frame covers {node_id}, not one of its layers"
    assert _apart(frames["cluster-branch_a"], frames["cluster-branch_b"])
    assert _apart(frames["cluster-branch_b"], frames["cluster-lvl1"])
    assert _inside(frames["cluster-lvl1.lvl2"], frames["cluster-lvl1"])


def test_every_arrow_ends_on_its_target_box():
    inner = keras.Sequential([layers.Dense(4, name="i1"), layers.Dense(3, name="i2")], name="inner")
    inputs = keras.Input((5,), name="x")
    model = keras.Model(inputs, layers.Add(name="add")([inner(inputs), layers.Dense(3, name="side")(inputs)]))
    for rankdir in ("TB", "LR"):
        root, nodes, _, _ = _parse(keras.utils.plot_model(model, expand_nested=True, rankdir=rankdir))
        boxes = dict(zip(nodes, _boxes(root)))
        for edge in (g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"):
            tip = [float(v) for v in edge.find(f"{SVG}polygon").get("points").split()[-1].split(",")]
            x, y, w, h = boxes[edge.get("data-target")]
            entry = (x + w / 2, y) if rankdir == "TB" else (x, y + h / 2)
            assert tip == pytest.approx(entry, abs=0.1), (
                f"{rankdir}: the arrow into {edge.get('data-target')} ends at {tip}, not at {entry}")
            start = edge.find(f"{SVG}path").get("d").split()[0][1:].split(",")
            x, y, w, h = boxes[edge.get("data-source")]
            exit_point = (x + w / 2, y + h) if rankdir == "TB" else (x + w, y + h / 2)
            assert [float(v) for v in start] == pytest.approx(exit_point, abs=0.1)


def test_lr_puts_parallel_branches_above_each_other():
    root, nodes, _, _ = _parse(keras.utils.plot_model(wide_and_deep(), rankdir="LR"))
    boxes = {node.find(f"{SVG}title").text.split()[0]: box for node, box in zip(nodes.values(), _boxes(root))}
    centre = {name: (x + w / 2, y + h / 2) for name, (x, y, w, h) in boxes.items()}
    assert centre["deep"][0] < centre["hidden"][0] < centre["join"][0] < centre["out"][0], centre
    assert centre["wide"][1] != centre["deep"][1], "the two inputs share a column, one above the other"
    assert float(root.get("width")) > float(root.get("height"))
