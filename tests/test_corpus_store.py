"""The on-disk store of corpus-rule summaries: a sequence that behaves like the list it replaces."""

from __future__ import annotations

import os
import pickle
import time

import pytest

from newslint.corpus import CorpusStore, Deferred, PackedSummaries, RawText, StoreBlock, in_shards
from newslint.document import Source


def _store(n: int) -> CorpusStore:
    store = CorpusStore()
    for i in range(n):
        summaries = {"AA001": {"doc": i, "names": ["X" * (i % 7)]}}
        if i % 3 == 0:
            summaries["BB001"] = [i, i * 2]
        store.append(Source("batch.jsonl", record=i + 1, id=f"a{i}"), summaries)
    return store


def test_records_come_back_in_order_by_index_and_by_iteration() -> None:
    store = _store(5000)  # more than the read cache holds
    assert len(store) == 5000
    assert store[4321] == (Source("batch.jsonl", record=4322, id="a4321"),
                           {"AA001": {"doc": 4321, "names": ["X" * (4321 % 7)]}})
    assert [s.record for s, _ in store] == list(range(1, 5001))
    with pytest.raises(IndexError):
        store[5000]


def test_a_rule_sees_only_the_documents_holding_its_summary() -> None:
    store = _store(10)
    bb = store.items("BB001")
    assert len(bb) == 4
    assert list(bb) == [(Source("batch.jsonl", record=i + 1, id=f"a{i}"), [i, i * 2]) for i in (0, 3, 6, 9)]
    assert bb[1][1] == [3, 6] and bb[-1][1] == [9, 18]
    assert [s for s, _ in bb[1:3]] == [Source("batch.jsonl", record=4, id="a3"), Source("batch.jsonl", record=7, id="a6")]
    assert [summary["doc"] for _, summary in store.items("AA001")] == list(range(10))
    assert len(store.items("ZZ999")) == 0


def test_appending_after_reading_keeps_every_record() -> None:
    store = _store(3)
    assert store[1][1]["AA001"]["doc"] == 1
    list(store)
    store.append(Source("late.txt"), {"AA001": "late"})
    assert store[3] == (Source("late.txt"), {"AA001": "late"})
    assert store[0][1]["AA001"]["doc"] == 0


def test_an_empty_store_opens_no_file() -> None:
    store = CorpusStore()
    assert len(store) == 0 and list(store) == [] and len(store.items("AA001")) == 0
    store.close()


def test_deferred_values_are_kept_apart_and_read_when_asked() -> None:
    store = CorpusStore()
    texts = [f"text {i} " * 50 for i in range(300)]
    for i, text in enumerate(texts):
        summaries = {"AA001": {"n": i, "text": Deferred(text)}}
        # as a worker sends them (packed) or as a run on one core appends them
        store.append(Source("b.jsonl", record=i + 1), PackedSummaries.pack(summaries) if i % 2 else summaries)
    walked = [summary for _, summary in store.items("AA001")]
    assert [s["n"] for s in walked] == list(range(300))
    assert all(s["text"]._read is not None for s in walked)  # a walk reads no text
    assert [s["text"].value for s in walked] == texts
    assert store[7][1]["AA001"]["text"].value == texts[7]
    assert pickle.loads(pickle.dumps(walked[3]["text"])).value == texts[3]  # a plain value again


def test_packed_summaries_without_deferred_values_read_back_the_same() -> None:
    store = CorpusStore()
    store.append(Source("a.txt"), PackedSummaries.pack({"AA001": [1, "x"]}))
    store.append(Source("b.txt"), {"AA001": [2, "y"]})
    assert list(store) == [(Source("a.txt"), {"AA001": [1, "x"]}), (Source("b.txt"), {"AA001": [2, "y"]})]


def test_texts_left_in_a_raw_part_are_read_again_when_asked() -> None:
    store = CorpusStore()
    store.reread = lambda raw, reader, path, number: f"{reader} {path} {number} {raw.decode()}"
    part = b"first line\nsecond\n"
    texts = ["one", "two"]
    store.raw_part(part, "lines", "f.jsonl")
    for number, (text, start, size) in enumerate(zip(texts, (0, 11), (11, 7)), 1):
        summaries = {"AA001": {"text": Deferred(text), "other": Deferred(["kept", number])}}
        store.append(Source("f.jsonl", record=number),
                     PackedSummaries.pack(summaries, text, RawText(start, size, number)))
    store.raw_part(None)
    store.append(Source("g.txt"), PackedSummaries.pack({"AA001": {"text": Deferred("three")}}))
    read = [summary["text"].value for _, summary in store.items("AA001")]
    assert read == ["lines f.jsonl 1 first line\n", "lines f.jsonl 2 second\n", "three"]
    assert store[1][1]["AA001"]["other"].value == ["kept", 2]
    assert store.count("AA001") == 3


def test_a_block_made_by_a_worker_reads_back_as_records_appended_one_by_one() -> None:
    reread = lambda raw, reader, path, number: f"{reader} {path} {number} {raw.decode()}"  # noqa: E731
    part = b"first line\nsecond\nthird\n"
    spans = [(0, 11), (11, 7), (18, 6)]

    def packed(number: int) -> PackedSummaries:
        start, size = spans[number - 1]
        text = f"t{number}"  # the document's text: left in the part
        summaries = {"AA001": {"text": Deferred(text), "other": Deferred(["kept", number])}}
        if number != 2:
            summaries["BB001"] = number
        return PackedSummaries.pack(summaries, text, RawText(start, size, number))

    records = [(Source("f.jsonl", record=n), packed(n)) for n in (1, 2, 3)]
    one_by_one, blocks = CorpusStore(), CorpusStore()
    for store in (one_by_one, blocks):
        store.reread = reread
        store.append(Source("before.txt"), {"AA001": {"text": Deferred("before")}})
        store.raw_part(part, "lines", "f.jsonl")
    for source, summaries in records:
        one_by_one.append(source, summaries)
    block = StoreBlock.build(records, (part, "lines", "f.jsonl"))
    assert block.raw and list(block.codes["BB001"]) == [0, 2]
    blocks.append_block(block)
    for store in (one_by_one, blocks):
        store.raw_part(None)
        store.append(Source("after.txt"), {"AA001": {"text": Deferred("after")}})

    def read(store: CorpusStore) -> list:
        return [(source, summary["text"].value, summary.get("other") and summary["other"].value)
                for source, summary in store.items("AA001")]

    assert read(blocks) == read(one_by_one) == [
        (Source("before.txt"), "before", None),
        (Source("f.jsonl", record=1), "lines f.jsonl 1 first line\n", ["kept", 1]),
        (Source("f.jsonl", record=2), "lines f.jsonl 2 second\n", ["kept", 2]),
        (Source("f.jsonl", record=3), "lines f.jsonl 3 third\n", ["kept", 3]),
        (Source("after.txt"), "after", None),
    ]
    assert [summary for _, summary in blocks.items("BB001")] == [1, 3]
    assert blocks.count("AA001") == 5 and len(blocks) == 5


def test_a_raw_text_needs_its_part() -> None:
    store = CorpusStore()
    text = "t"
    with pytest.raises(ValueError):
        store.append(Source("f"), PackedSummaries.pack({"AA001": Deferred(text)}, text, RawText(0, 1, 1)))


def test_tally_only_values_are_left_out_of_summaries_tallied_where_they_were_made() -> None:
    store = CorpusStore()
    summaries = {"AA001": {"words": Deferred(["a", "b"], tally_only=True), "text": Deferred("t")}}
    store.append(Source("a"), PackedSummaries.pack(summaries, tallied=True))
    store.append(Source("b"), PackedSummaries.pack(summaries))
    left, kept = (summary["AA001"] for _, summary in store)
    assert left["text"].value == kept["text"].value == "t" and kept["words"].value == ["a", "b"]
    with pytest.raises(LookupError):
        left["words"].value


# --------------------------------------------------------------------------- shards
def test_shards_come_back_in_order_from_their_processes() -> None:
    here = os.getpid()
    found = in_shards(lambda k: [(k, os.getpid() == here)] * (k + 1), 3)
    assert found == [(0, True), (1, False), (1, False), (2, False), (2, False), (2, False)]


def test_a_shard_whose_process_fails_is_done_again_here() -> None:
    here = os.getpid()

    def work(k: int) -> list[int]:
        if k == 1 and os.getpid() != here:
            raise RuntimeError("the child fails")
        return [k]

    assert in_shards(work, 3) == [0, 1, 2]


def test_a_pass_failing_here_leaves_no_process_behind(tmp_path) -> None:
    here = os.getpid()

    def work(k: int) -> list[int]:
        if os.getpid() == here:
            while not (tmp_path / "1").exists():  # the child has started
                time.sleep(0.01)
            raise ValueError("the pass fails here")
        (tmp_path / "pid").write_text(str(os.getpid()))
        (tmp_path / "pid").rename(tmp_path / str(k))  # whole once it is there
        time.sleep(60)
        return [k]

    with pytest.raises(ValueError):
        in_shards(work, 2)
    child = int((tmp_path / "1").read_text())
    with pytest.raises(ProcessLookupError):  # killed and reaped, not a zombie
        os.kill(child, 0)
