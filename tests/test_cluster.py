"""Extraction on Dask distributed (vi_industrial.cluster, extract.py --scheduler) against the
single-process path, on a LocalCluster of two worker processes."""

import json
import os
import signal

import pytest
from conftest import read_jsonl_lines

from vi_corpus.articles import read_articles
from vi_industrial import cluster


@pytest.fixture
def articles(jsonl):
    texts = ["Công ty ABC đầu tư 1,4 tỷ USD vào KCN Đại An, tỉnh Hải Dương. ABC tuyển 500 người.",
             "Bắc Giang thu hút 500 tỷ đồng. Không có gì.", "Một bài không có thực thể."]
    return jsonl("articles.jsonl", *({"id": f"a{i}", "title": f"Bài {i}", "body": texts[i % 3]} for i in range(30)), "{not json")


def _sorted(records):
    return sorted(records, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))


def test_two_workers_give_the_records_and_summary_of_one_process(script, model, articles, tmp_path):
    single = script("extract", articles, "-o", tmp_path / "one.jsonl", "--model", model, "--summary", tmp_path / "one.json")
    assert single.returncode == 0, single.stdout + single.stderr
    out = tmp_path / "parts"
    result = script("extract", articles, "-o", out, "--model", model, "--summary", tmp_path / "two.json",
                    "--scheduler", "local:2", "--partition-size", "4")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out.glob("part-*.parquet")) == [f"part-{i:05d}.parquet" for i in range(8)]
    assert not list(out.glob("*.tmp"))
    assert _sorted(cluster.read_records(out)) == _sorted(read_jsonl_lines(tmp_path / "one.jsonl"))
    assert json.loads((tmp_path / "two.json").read_text()) == json.loads((tmp_path / "one.json").read_text())
    assert "articles.jsonl:31: invalid JSON" in " ".join(result.stdout.split())  # bad lines as in the single path
    # a re-run into the same folder runs nothing again; other settings are refused
    again = script("extract", articles, "-o", out, "--model", model, "--scheduler", "local:2", "--partition-size", "4")
    assert again.returncode == 0 and "(8 complete before this run)" in " ".join(again.stdout.split())
    other = script("extract", articles, "-o", out, "--model", model, "--scheduler", "local:2", "--partition-size", "5")
    assert other.returncode == 1 and "partition_size" in other.stderr


def test_a_worker_killed_mid_run_loses_and_duplicates_no_record(model, articles, tmp_path):
    client = cluster.make_client("local:2")
    try:
        pids = list(client.run(os.getpid).values())
        killed = []

        def kill_once(_result):
            if not killed:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        out = tmp_path / "killed"
        done = cluster.run(client, read_articles([articles], []), str(model), out, partition_size=1, in_flight=6, on_done=kill_once)
    finally:
        client.close()
    assert killed and done["partitions"] == 30
    clean = tmp_path / "clean"
    client = cluster.make_client("local:2")
    try:
        cluster.run(client, read_articles([articles], []), str(model), clean, partition_size=1)
    finally:
        client.close()
    assert _sorted(cluster.read_records(out)) == _sorted(cluster.read_records(clean))
    assert len(cluster.read_records(out)) == len(cluster.read_records(clean)) > 0
    assert not list(out.glob("*.tmp"))


def test_a_scheduler_spec_without_a_number_is_refused():
    with pytest.raises(ValueError, match="local:N"):
        cluster.make_client("local:two")


def test_cluster_benchmark_measures_each_worker_count(script, model, articles, tmp_path):
    out = tmp_path / "bench"
    done = script("benchmark_cluster", model, articles, "--output", out, "--articles", "12", "--workers", "1", "--workers", "2",
                  "--partition-size", "3")
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((out / "benchmark.json").read_text())["results"]
    assert set(results) == {"1", "2"} and len(results["2"]["worker_peak_rss_mb"]) == 2
    assert all(r["words"] == results["1"]["words"] > 0 and r["partitions"] == 4 for r in results.values())
    assert "| 2 |" in (out / "benchmark.md").read_text()
