"""Batching whole groups: every sample once, no group ever split, batches bounded unless a group is bigger."""

import io
import json
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.score_batches import GroupBatcher, InOrderBuffer, scan_input

# a sample is (seq, group or None); groups are small ints so that layouts interleave
layouts = st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=6)), min_size=0, max_size=60)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(layout=layouts, batch_size=st.integers(min_value=1, max_value=12), flush_every=st.integers(1, 10))
def test_batches_keep_groups_whole_and_cover_every_sample_once(
    layout: list[int | None], batch_size: int, flush_every: int
) -> None:
    sizes = Counter(g for g in layout if g is not None)
    batcher: GroupBatcher[int] = GroupBatcher(batch_size, sizes)
    batches: list[list[tuple[int, int]]] = []
    for seq, group in enumerate(layout):
        batcher.add(seq, seq, group)
        batches.extend(batcher.batches())
        if seq % flush_every == 0:
            batches.extend(batcher.batches(ready=True))
    batches.extend(batcher.batches(final=True))
    assert batcher.held == 0
    assert sorted(seq for batch in batches for seq, _ in batch) == list(range(len(layout)))
    where = {seq: k for k, batch in enumerate(batches) for seq, _ in batch}
    for group in sizes:
        assert len({where[seq] for seq, g in enumerate(layout) if g == group}) == 1, "a group was split"
    for batch in batches:
        groups = {layout[seq] for seq, _ in batch}
        assert len(batch) <= batch_size or (len(groups) == 1 and None not in groups), "oversized batch"
        assert [seq for seq, _ in batch] == sorted(seq for seq, _ in batch)


def test_group_waits_for_its_last_sample_and_bad_lines_count_as_read() -> None:
    batcher: GroupBatcher[str] = GroupBatcher(10, {"g": 3})
    batcher.add(0, "a", "g")
    batcher.add(1, "b", None)
    assert [[x for _, x in b] for b in batcher.batches(ready=True)] == [["b"]]
    batcher.forget("g")  # its second line was bad
    assert batcher.held == 1 and not list(batcher.batches(ready=True))
    batcher.add(2, "c", "g")
    assert [[x for _, x in b] for b in batcher.batches(ready=True)] == [["a", "c"]]


def test_a_group_the_scan_missed_waits_for_the_end() -> None:
    batcher: GroupBatcher[str] = GroupBatcher(1, {})
    batcher.add(0, "a", "new")
    assert not list(batcher.batches(ready=True))
    assert [[x for _, x in b] for b in batcher.batches(final=True)] == [["a"]]


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.permutations(list(range(12))))
def test_in_order_buffer_releases_in_sequence(order: list[int]) -> None:
    buffer: InOrderBuffer[int] = InOrderBuffer()
    released: list[int] = []
    for seq in order:
        buffer.put(seq, seq)
        released.extend(buffer.release())
    assert released == list(range(12)) and len(buffer) == 0


def test_scan_counts_lines_groups_and_ids() -> None:
    rows = [
        {"id": "a", "prompt": "p", "response": "r", "metadata": {"group": "g"}},
        {"id": "b", "prompt": "p", "response": "r"},
        {"prompt": "p", "response": "r", "metadata": {"group": "g"}},
    ]
    data = "\n".join(json.dumps(r) for r in rows).encode() + b"\n\n{broken group\n"
    scan = scan_input(io.BytesIO(data))
    assert scan.lines == 4
    assert scan.group_sizes == Counter({"g": 2})
    assert scan.group_ids == {"g": ["a", "3"]}
