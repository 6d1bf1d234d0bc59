"""A layered ("Sugiyama") layout of a model graph, in plain Python.

1. **Layers**: a node's rank is the length of the longest path from an
   input to it, so every edge points down (``TB``) or right (``LR``).
2. **Dummies**: an edge that skips ranks gets one invisible point per
   skipped rank, so it can be routed around the boxes in between.
3. **Ordering**: a few sweeps sort each rank by the mean position
   (barycenter) of the neighbours in the rank before/after; the order with
   the fewest crossings wins.
4. **Coordinates**: ranks are stacked along the flow; across it, each node
   moves toward its neighbours' mean while keeping boxes apart (a small
   least-squares placement), so chains come out straight.

A nested model drawn with ``expand_nested`` is laid out on its own first,
then placed in its parent as one big box with a frame around it.

Everything is deterministic: same graph, same numbers.
"""

from dataclasses import dataclass, field

RANK_GAP = 44  # space between ranks, along the flow
NODE_GAP = 28  # space between boxes of one rank
DUMMY_SIZE = 8
MARGIN = 16
CLUSTER_PAD = 12
CLUSTER_LABEL = 16


@dataclass
class Layout:
    """Box centres and sizes, edge routes and cluster rectangles, in pixels."""

    boxes: dict = field(default_factory=dict)  # id -> (cx, cy, width, height)
    routes: list = field(default_factory=list)  # (source, target, [(x, y), ...])
    clusters: dict = field(default_factory=dict)  # id -> (x0, y0, x1, y1, label)
    width: float = 0
    height: float = 0
    rankdir: str = "TB"


def layout_graph(graph, sizes, rankdir="TB"):
    """Places the boxes of ``graph``.

    A nested model (a cluster) is laid out first, on its own, and then
    placed in its parent as one block, so its frame never covers a box that
    is not one of its layers.

    Args:
        graph: a ``model_graph.Graph``.
        sizes: ``{node id: (width, height)}`` of each box; a cluster id may
            give its frame's minimum size (room for its label).
        rankdir: ``"TB"`` (top to bottom) or ``"LR"`` (left to right).

    Returns:
        A ``Layout``.
    """
    result = _layout_level(graph, sizes, rankdir, None)
    _shift(result, MARGIN, MARGIN)
    result.width += 2 * MARGIN
    result.height += 2 * MARGIN
    return result


def _layout_level(graph, sizes, rankdir, cluster):
    """Lays out the boxes and frames directly inside ``cluster`` (None: the whole model).

    Returns a ``Layout`` whose content starts at (0, 0), ``width`` x ``height`` big.
    """
    inner = {}  # child cluster id -> its own Layout
    items = []  # what this level places: its nodes and its child clusters, in node order
    for node in graph.nodes:
        item = _owner(graph, node.id, cluster)
        if item is not None and item not in items:
            items.append(item)
            if item in graph.clusters:
                inner[item] = _layout_level(graph, sizes, rankdir, item)
    size = {}
    for item in items:
        if item in inner:
            frame_width, frame_height = sizes.get(item, (0, 0))
            size[item] = (max(inner[item].width + 2 * CLUSTER_PAD, frame_width),
                          max(inner[item].height + 2 * CLUSTER_PAD + CLUSTER_LABEL, frame_height))
        else:
            size[item] = sizes.get(item, (DUMMY_SIZE, DUMMY_SIZE))
    links = {}  # (item, item) -> the (node, node) edges it stands for
    for source, target in graph.edges:
        pair = (_owner(graph, source, cluster), _owner(graph, target, cluster))
        if None not in pair and pair[0] != pair[1]:
            links.setdefault(pair, []).append((source, target))
    layout = Layout(rankdir=rankdir)
    if not items:
        return layout
    boxes, routes, layout.width, layout.height = _place(items, list(links), size, rankdir)
    for item in items:
        cx, cy, width, height = boxes[item]
        if item not in inner:
            layout.boxes[item] = boxes[item]
            continue
        x0, y0 = cx - width / 2, cy - height / 2
        layout.clusters[item] = (x0, y0, x0 + width, y0 + height, graph.clusters[item][0])
        sub = inner[item]
        _shift(sub, x0 + (width - sub.width) / 2, y0 + CLUSTER_PAD + CLUSTER_LABEL)
        layout.boxes.update(sub.boxes)
        layout.routes += sub.routes
        layout.clusters.update(sub.clusters)  # after the frame around them: drawn on top
    for (source_item, target_item), points in routes:
        for source, target in links[(source_item, target_item)]:
            layout.routes.append((source, target, _attach(layout, points, source, source_item,
                                                          target, target_item, rankdir)))
    return layout


def _owner(graph, node_id, cluster):
    """The node itself when it sits directly in ``cluster``, else the child cluster holding it."""
    current = graph.node(node_id).cluster
    if current == cluster:
        return node_id
    while current is not None:
        parent = graph.clusters[current][1]
        if parent == cluster:
            return current
        current = parent
    return None


def _attach(layout, points, source, source_item, target, target_item, rankdir):
    """Extends a route between frames to the boxes inside them (straight across the padding)."""
    points = list(points)

    def end(node_id, sign):  # the middle of a box's bottom (sign=1) or top (sign=-1) side
        cx, cy, width, height = layout.boxes[node_id]
        return (cx, cy + sign * height / 2) if rankdir == "TB" else (cx + sign * width / 2, cy)

    def aligned(point, node_id):  # the point on the frame's side facing the box
        cx, cy = layout.boxes[node_id][:2]
        return (cx, point[1]) if rankdir == "TB" else (point[0], cy)

    if source != source_item:
        points = [end(source, 1), aligned(points[0], source)] + points[1:]
    if target != target_item:
        points = points[:-1] + [aligned(points[-1], target), end(target, -1)]
    return points


def _place(ids, edges, size, rankdir):
    """Ranks, orders and places boxes of the given sizes; returns boxes, routes and the extent."""
    rank = longest_path_ranks(ids, edges)
    chains, rank = add_dummies(edges, rank)
    order = order_ranks(rank, chains, ids)
    size = {i: size.get(i, (DUMMY_SIZE, DUMMY_SIZE)) for i in rank}
    # across = size perpendicular to the flow; along = size in the flow direction
    across = {i: size[i][0] if rankdir == "TB" else size[i][1] for i in rank}
    along = {i: size[i][1] if rankdir == "TB" else size[i][0] for i in rank}
    position = place_across(order, chains, across)
    flow, offset = {}, 0.0
    for level in order:
        thickness = max(along[i] for i in level)
        for i in level:
            flow[i] = offset + thickness / 2
        offset += thickness + RANK_GAP
    low = min(position[i] - across[i] / 2 for i in rank)
    high = max(position[i] + across[i] / 2 for i in rank)

    def point(i, shift_along=0.0):
        a, b = position[i] - low, flow[i] + shift_along
        return (a, b) if rankdir == "TB" else (b, a)

    boxes = {i: point(i) + tuple(size[i]) for i in ids}
    routes = []
    for source, target, path in chains:
        points = [point(source, along[source] / 2)]
        points += [point(d) for d in path[1:-1]]
        points.append(point(target, -along[target] / 2))
        routes.append(((source, target), points))
    extent_across, extent_along = high - low, offset - RANK_GAP
    if rankdir == "TB":
        return boxes, routes, extent_across, extent_along
    return boxes, routes, extent_along, extent_across


def longest_path_ranks(ids, edges):
    """Rank 0 for nodes without inputs, else 1 + the highest rank among their inputs."""
    parents, children = {i: [] for i in ids}, {i: [] for i in ids}
    for source, target in edges:
        parents[target].append(source)
        children[source].append(target)
    remaining = {i: len(parents[i]) for i in ids}
    queue, placed, topological = [i for i in ids if not remaining[i]], set(), []
    while len(topological) < len(ids):  # Kahn's algorithm, ties in node order
        if not queue:  # a cycle cannot be layered: go on from the first node left
            queue.append(next(i for i in ids if i not in placed))
        node = queue.pop(0)
        if node in placed:
            continue
        placed.add(node)
        topological.append(node)
        for child in children[node]:
            remaining[child] -= 1
            if remaining[child] == 0:
                queue.append(child)
    rank = {}
    for node in topological:
        rank[node] = 1 + max((rank[p] for p in parents[node] if p in rank), default=-1)
    return rank


def add_dummies(edges, rank):
    """Splits long edges into one-rank steps; returns ``[(source, target, path)]`` and ranks."""
    rank, chains = dict(rank), []
    for number, (source, target) in enumerate(edges):
        path = [source]
        for step in range(rank[source] + 1, rank[target]):
            dummy = f"dummy-{number}-{step}"
            rank[dummy] = step
            path.append(dummy)
        path.append(target)
        chains.append((source, target, path))
    return chains, rank


def order_ranks(rank, chains, ids, sweeps=4):
    """Orders each rank to reduce crossings (barycenter sweeps, keeping the best)."""
    depth = max(rank.values()) + 1
    first_seen = {i: n for n, i in enumerate(list(ids) + sorted(set(rank) - set(ids)))}
    order = [sorted((i for i in rank if rank[i] == r), key=first_seen.get) for r in range(depth)]
    steps = [(a, b) for _, _, path in chains for a, b in zip(path, path[1:])]
    up = {i: [a for a, b in steps if b == i] for i in rank}
    down = {i: [b for a, b in steps if a == i] for i in rank}
    best, best_crossings = [list(level) for level in order], count_crossings(order, steps)
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        levels = range(1, depth) if downward else range(depth - 2, -1, -1)
        for r in levels:
            neighbour_level = order[r - 1] if downward else order[r + 1]
            where = {i: n for n, i in enumerate(neighbour_level)}
            current = {i: n for n, i in enumerate(order[r])}

            def barycenter(i):
                linked = [where[j] for j in (up[i] if downward else down[i]) if j in where]
                return sum(linked) / len(linked) if linked else current[i]

            order[r] = sorted(order[r], key=lambda i: (barycenter(i), current[i]))
        crossings = count_crossings(order, steps)
        if crossings < best_crossings:
            best, best_crossings = [list(level) for level in order], crossings
    return best


def count_crossings(order, steps):
    """The number of pairs of one-rank edge steps that cross."""
    where = {i: n for level in order for n, i in enumerate(level)}
    crossings = 0
    for index, (a, b) in enumerate(steps):
        for c, d in steps[index + 1:]:
            if (where[a] - where[c]) * (where[b] - where[d]) < 0 and _same_ranks(order, a, c):
                crossings += 1
    return crossings


def _same_ranks(order, a, c):
    return any(a in level and c in level for level in order)


def place_across(order, chains, across, passes=6):
    """Cross-flow centre of each node: near its neighbours' mean, boxes kept apart."""
    steps = [(a, b) for _, _, path in chains for a, b in zip(path, path[1:])]
    up = {i: [a for a, b in steps if b == i] for level in order for i in level}
    down = {i: [b for a, b in steps if a == i] for level in order for i in level}
    position = {}
    for level in order:  # start centred, packed
        total = sum(across[i] for i in level) + NODE_GAP * (len(level) - 1)
        edge = -total / 2
        for i in level:
            position[i] = edge + across[i] / 2
            edge += across[i] + NODE_GAP
    for n in range(passes):
        downward = n % 2 == 0
        for level in (order[1:] if downward else order[-2::-1]):
            wanted = []
            for i in level:
                linked = up[i] if downward else down[i]
                wanted.append(sum(position[j] for j in linked) / len(linked) if linked else position[i])
            for i, x in zip(level, separated(wanted, [across[i] for i in level])):
                position[i] = x
    return position


def separated(wanted, widths):
    """Positions closest (least squares) to ``wanted`` with boxes ``NODE_GAP`` apart, in order.

    Subtracting each box's minimum offset from the first turns the spacing
    rule into "non-decreasing", solved by pooling adjacent violators.
    """
    offsets, total = [], 0.0
    for n, width in enumerate(widths):
        if n:
            total += (widths[n - 1] + width) / 2 + NODE_GAP
        offsets.append(total)
    blocks = []  # [mean, count]
    for value in (w - o for w, o in zip(wanted, offsets)):
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * count) / (blocks[-1][1] + count),
                          blocks[-1][1] + count]
    flat = [mean for mean, count in blocks for _ in range(count)]
    return [round(v + o, 2) for v, o in zip(flat, offsets)]


def _shift(result, dx, dy):
    result.boxes = {i: (cx + dx, cy + dy, w, h) for i, (cx, cy, w, h) in result.boxes.items()}
    result.routes = [(s, t, [(x + dx, y + dy) for x, y in points]) for s, t, points in result.routes]
    result.clusters = {i: (x0 + dx, y0 + dy, x1 + dx, y1 + dy, label)
                       for i, (x0, y0, x1, y1, label) in result.clusters.items()}
