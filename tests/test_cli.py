import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from conftest import HOSTILE, SEED, query, query_value, without_root_file_powers
from eventmap.cli import cli


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def test_load_prints_one_summary_line_and_reloading_adds_nothing(store_target):
    db_path = store_target
    first = run("load", SEED, "--db", db_path)
    assert first.exit_code == 0
    assert first.stdout.strip().splitlines() == [
        "1 articles loaded, 13 events written, 0 unresolved place names, 0 files rejected; "
        "the database holds 1 articles, 13 events"]
    again = run("load", SEED, HOSTILE / "seed_duplicate_renamed.txt", HOSTILE / "seed_crlf_copy.txt", "--db", db_path)
    assert again.exit_code == 0
    # The user is told the three copies replaced what was there, not that 39 more events came in.
    assert again.stdout.strip().splitlines()[-1] == (
        "3 articles loaded (1 already in the database and 2 read twice in this load: replaced, not added), "
        "39 events written, 0 unresolved place names, "
        "0 files rejected; the database holds 1 articles, 13 events")
    assert query_value(db_path, "SELECT COUNT(*) FROM events") == 13
    assert query_value(db_path, "SELECT COUNT(*) FROM articles") == 1


def test_hostile_folder_loads_the_good_files_and_names_the_bad(store_target, tmp_path):
    db_path = store_target
    folder = tmp_path / "in"
    shutil.copytree(HOSTILE, folder)
    (folder / "MANIFEST.md").unlink()
    result = run("load", folder, "--db", db_path)
    assert result.exit_code == 0
    err = result.stderr
    for name, reason in [("empty.txt", "empty file"), ("whitespace_only.txt", "no text"),
                         ("binary_png.txt", "not text (binary"), ("truncated.json", "invalid JSON"),
                         ("missing_text_column.csv", "no text column"), ("mixed_good_bad.jsonl:2", "invalid JSON"),
                         ("mixed_good_bad.jsonl:4", "no text field"), ("mixed_good_bad.jsonl:5", "not an object"),
                         ("mixed_good_bad.jsonl:6", "empty text")]:
        assert any(name in line and reason in line for line in err.splitlines()), (name, err)
    assert any("no_date.txt" in line and "undated" in line for line in err.splitlines())
    assert any("future_date.txt" in line and "after today" in line for line in err.splitlines())
    summary = result.stdout.strip().splitlines()[-1]
    assert "5 files rejected" in summary
    titles = {r["title"] for r in query(db_path, "SELECT title FROM articles")}
    assert "Army takes al-Muqayrat" in titles and "Clashes near Aleppo" in titles
    assert query_value(db_path, "SELECT COUNT(*) FROM articles WHERE title LIKE 'Terrorists Withdraw%'") == 1


def test_export_csv_and_geojson_with_date_range(db_path, tmp_path):
    run("load", SEED, "--db", db_path)
    out = tmp_path / "e.geojson"
    result = run("export", "--db", db_path, "--format", "geojson", "--since", "2016-02-25", "--until", "2016-02-25", "-o", out)
    assert result.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["place_mention"] for f in data["features"]] == ["Aleppo"]
    assert data["features"][0]["geometry"]["coordinates"] == [37.16117, 36.20124]
    csv_out = tmp_path / "e.csv"
    run("export", "--db", db_path, "--format", "csv", "-o", csv_out)
    lines = csv_out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("event_id,article_id,article_title") and len(lines) > 13


def test_a_geojson_export_says_which_rows_it_leaves_out(db_path, tmp_path):
    # A name no gazetteer has, in an article naming no other place: a row with no coordinates.
    report = tmp_path / "nowhere.txt"
    report.write_text("Army takes Zorbastan\n\nThe army took the village of Zorbastan on Friday after clashes "
                      "with ISIS.\n", encoding="utf-8")
    run("load", SEED, report, "--db", db_path)
    out = tmp_path / "e.geojson"
    result = run("export", "--db", db_path, "--format", "geojson", "-o", out)
    total = sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert (f"{total - 1} of {total} events (1 without coordinates left out: the CSV has every row) written to"
            in result.stderr)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["features"]) == total - 1 and data["omitted_without_coordinates"] == 1
    to_stdout = run("export", "--db", db_path, "--format", "geojson", "-o", "-")
    assert "1 without coordinates left out" in to_stdout.stderr
    assert json.loads(to_stdout.stdout)["omitted_without_coordinates"] == 1


def test_places_unresolved_lists_names_with_counts(db_path, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("Clashes near Khanaser\n\nPublished: 2016-02-26\n\nThe army took the village of Zorbastan "
                      "near Khanaser on Friday.\n\nFighting went on around Zorbastan and Khanaser.\n", encoding="utf-8")
    run("load", report, "--db", db_path)
    result = run("places", "--db", db_path, "--unresolved")
    lines = result.stdout.splitlines()
    assert lines[0] == "place_name\tevents\tplaced_at"
    assert "Zorbastan\t2\tKhanāşir" in lines


def test_env_var_picks_the_database(db_path, monkeypatch):
    monkeypatch.setenv("EVENTMAP_DB", str(db_path))
    assert run("load", SEED).exit_code == 0
    assert db_path.exists()


def test_bad_db_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.db"
    bad.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", str(SEED), "--db", str(bad)])
    assert result.exit_code == 1
    assert "not an SQLite database" in result.stderr
    assert bad.read_text(encoding="utf-8") == "hello"


def test_every_command_has_help():
    import click

    def walk(command: click.Command, path: list[str]):
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    commands = list(walk(cli, []))
    assert ["gazetteer", "lookup"] in [p for p, _ in commands] and len(commands) >= 9  # the groups' commands too
    for path, command in commands:
        result = run(*path, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout, path
        # each says what it does (click re-wraps the text: compare words)
        assert command.help and " ".join(command.help.split()[:5]) in " ".join(result.stdout.split()), path


def test_module_entry_point(tmp_path):
    out = subprocess.run([sys.executable, "-m", "eventmap", "--help"], capture_output=True, text=True, check=True)
    assert "load" in out.stdout


def _corpus(folder, n_files=120, per_file=25):
    folder.mkdir()
    villages = ["Khanaser", "Aleppo", "Hama", "Idlib", "Homs", "Manbij", "Tadmur", "Jablah"]
    for i in range(n_files):
        with open(folder / f"f{i:04d}.jsonl", "w", encoding="utf-8") as fh:
            for j in range(per_file):
                v = villages[(i + j) % len(villages)]
                fh.write(json.dumps({"title": f"Report {i}-{j}", "date": "2016-02-26",
                                     "text": f"The army entered the town of {v} on Thursday after clashes near the village of Qaryat{i}x{j}."}) + "\n")


def test_killed_load_leaves_whole_files_and_a_rerun_completes(tmp_path, store_target):
    import psycopg

    from eventmap.store import StoreError

    folder = tmp_path / "corpus"
    _corpus(folder)
    db = store_target
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "eventmap", "load", str(folder), "--db", str(db), "-q"], env=env)
    deadline = time.time() + 60
    loaded = 0
    while time.time() < deadline:
        time.sleep(0.05)
        try:
            loaded = query_value(db, "SELECT COUNT(*) FROM articles")
        except (StoreError, sqlite3.Error, psycopg.Error, ValueError):  # no database or no table yet
            continue
        if loaded >= 200:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    articles = query_value(db, "SELECT COUNT(*) FROM articles")
    assert 0 < articles < 120 * 25, "the kill should land mid-load"
    assert articles % 25 == 0, "a killed load never leaves part of a file"
    assert query_value(db, "SELECT COUNT(*) FROM events WHERE article_id NOT IN (SELECT article_id FROM articles)") == 0
    assert query_value(db, "SELECT COUNT(*) FROM articles a WHERE "
                           "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.article_id) != 2") == 0
    result = run("load", folder, "--db", db, "-q")
    assert result.exit_code == 0
    assert query_value(db, "SELECT COUNT(*) FROM articles") == 120 * 25
    assert query_value(db, "SELECT COUNT(*) FROM events") == 120 * 25 * 2


def test_jobs_2_writes_the_same_rows_as_one_process(tmp_path):
    folder = tmp_path / "corpus"
    _corpus(folder, n_files=8, per_file=5)
    rows = []
    for jobs in ("1", "2"):
        db = tmp_path / f"j{jobs}.db"
        assert run("load", folder, "--db", db, "--jobs", jobs, "-q").exit_code == 0
        rows.append(sqlite3.connect(db).execute("SELECT * FROM events ORDER BY event_id").fetchall())
    assert rows[0] == rows[1] and len(rows[0]) == 80


def test_load_leaves_a_current_snapshot_for_the_dashboard(db_path):
    import pyarrow.parquet as pq

    from eventmap.store import database_stamp, snapshot_path

    assert run("load", SEED, "--db", db_path).exit_code == 0
    table = pq.read_table(snapshot_path(db_path))
    assert table.num_rows == 13
    assert table.schema.metadata[b"eventmap.database_stamp"] == database_stamp(db_path).encode()
    assert "Khanaser" in table.column("place_mention").to_pylist()


def test_files_in_a_folder_the_loader_cannot_read_are_named_not_passed_over(db_path, tmp_path):
    import gzip

    folder = tmp_path / "scrape"
    folder.mkdir()
    (folder / "seed.txt.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    result = run("load", folder, "--db", db_path)
    assert result.exit_code == 0
    assert f"skipped {folder / 'report.pdf'}: not an article file" in result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith(
        "1 articles loaded, 13 events written, 0 unresolved place names, 0 files rejected, 1 files skipped;")


def test_odd_entries_are_named_one_line_each_and_the_rest_loads(tmp_path):
    import tempfile

    top = Path(tempfile.mkdtemp(dir=tmp_path))
    folder = top / "scrape"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes((HOSTILE / "no_date.txt").read_bytes())  # not UTF-8
    (folder / "forged\nrejected everything: lies.txt").write_text(
        "Clashes in Aleppo\n2016-02-26\n\nClashes were reported in Aleppo city.\n", encoding="utf-8")
    locked = folder / "locked"
    locked.mkdir()
    shutil.copy(HOSTILE / "utf16_bom.txt", locked / "hidden_away.txt")
    locked.chmod(0)
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    named_fifo = top / "named_fifo.jsonl"
    os.mkfifo(named_fifo)
    db = top / "e.db"
    env = {**os.environ, "EVENTMAP_CACHE": str(top / "cache")}
    try:
        out = subprocess.run([sys.executable, "-m", "eventmap", "load", str(folder), "/dev/zero", str(named_fifo),
                              "--db", str(db)], capture_output=True, env=env, timeout=300,
                             **without_root_file_powers())
    finally:
        locked.chmod(0o755)
    err = out.stderr.decode("utf-8")
    assert out.returncode == 0, err
    lines = err.splitlines()
    assert f"rejected {locked}: cannot list folder (Permission denied); its files were not read" in lines
    assert f"skipped {folder / 'loop'}: a symbolic link loop" in lines
    assert f"skipped {folder / 'dangling.txt'}: a dangling symbolic link" in lines
    assert f"skipped {folder / 'pipe.txt'}: not a regular file (a FIFO)" in lines
    assert "rejected /dev/zero: not a regular file (a character device); only regular files are read" in lines
    assert f"rejected {named_fifo}: not a regular file (a FIFO); only regular files are read" in lines
    assert not any(ln.startswith("rejected everything") for ln in lines)  # the newline in a name is escaped
    assert out.stdout.decode().strip().splitlines()[-1].startswith("3 articles loaded")
    conn = sqlite3.connect(db)
    files = {r[0] for r in conn.execute("SELECT file FROM articles")}
    assert files == {str(folder / "seed.txt"), str(folder) + "/caf\\xe9.txt",
                     str(folder) + "/forged\\nrejected everything: lies.txt"}
    assert f"warning {folder}/caf\\xe9.txt: undated" in "\n".join(lines)


def test_a_killed_loaders_temporary_snapshot_files_are_removed(db_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = db_path.with_name(f".{db_path.name}.frame.parquet.{dead.pid}.tmp")
    live = db_path.with_name(f".{db_path.name}.frame.parquet.{os.getppid()}.tmp")  # a writer still at work
    stale.write_bytes(b"PAR1 half written")
    live.write_bytes(b"PAR1 being written")
    assert run("load", SEED, "--db", db_path).exit_code == 0
    assert not stale.exists() and live.exists()
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")) == [live.name]


def test_db_in_a_missing_folder_is_an_error_not_a_new_tree(tmp_path):
    result = run("load", SEED, "--db", tmp_path / "evnets" / "events.db")
    assert result.exit_code == 1
    assert "evnets does not exist; create it first" in result.stderr
    assert not (tmp_path / "evnets").exists()


def test_pin_moves_a_names_events_and_unpin_puts_them_back(tmp_path, monkeypatch):
    import shutil
    import sqlite3

    from conftest import DATA

    data = tmp_path / "data"  # a copy of the shipped data folder: the pin must not touch the repository's
    data.mkdir()
    for name in ("gazetteer.tsv", "neighbourhoods.csv", "foreign_names.txt"):
        shutil.copy(Path(__file__).resolve().parent.parent / "data" / name, data / name)
    monkeypatch.setenv("EVENTMAP_DATA", str(data))
    monkeypatch.setenv("EVENTMAP_CACHE", str(tmp_path / "cache"))
    db = tmp_path / "e.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(DATA / "village_no_source_has.txt"), "--db", str(db), "-q"]).exit_code == 0

    def zorbastan():
        con = sqlite3.connect(db)
        rows = con.execute("SELECT place_id, latitude, longitude, geo_precision, incident_id FROM events "
                           "WHERE place_mention LIKE '%Zorbastan%'").fetchall()
        incidents = {r[0] for r in con.execute("SELECT incident_id FROM incidents")}
        con.close()
        assert all(r[4] in incidents for r in rows)  # every row's incident regrouped with it
        return rows

    before = zorbastan()
    assert before and all(r[0] is None and r[3] == 2 for r in before)  # placed at Khanasir, approximate
    result = runner.invoke(cli, ["pin", "Zorbastan", "35.80", "37.55", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Zorbastan pinned at 35.8, 37.55: 1 articles geocoded again" in result.output
    pinned = zorbastan()
    assert pinned and all(r[:4] == ("override:zurbastan", 35.8, 37.55, 1) for r in pinned)
    assert "Zorbastan,35.800000,37.550000," in (data / "places_override.csv").read_text(encoding="utf-8")
    # Loading again (as after a restart) keeps the pin: it is in the gazetteer now.
    assert runner.invoke(cli, ["load", str(DATA / "village_no_source_has.txt"), "--db", str(db), "-q"]).exit_code == 0
    assert zorbastan() == pinned
    # Undo.
    assert runner.invoke(cli, ["unpin", "Zorbastan", "--db", str(db)]).exit_code == 0
    assert [r[:4] for r in zorbastan()] == [r[:4] for r in before]
    bad = runner.invoke(cli, ["pin", "Zorbastan", "37.55", "45.80", "--db", str(db)])  # in Iran
    assert bad.exit_code != 0 and "outside Syria" in bad.output
    again = runner.invoke(cli, ["unpin", "Zorbastan", "--db", str(db)])
    assert again.exit_code != 0 and "is not pinned" in again.output, again.output  # not pinned now


def _event_ids(target) -> list[str]:
    return sorted(r["event_id"] for r in query(target, "SELECT event_id FROM events"))


def test_a_dask_local_cluster_load_writes_what_a_local_load_writes(tmp_path, store_target):
    folder = tmp_path / "corpus"
    _corpus(folder, n_files=8, per_file=5)
    shutil.copy(HOSTILE / "mixed_good_bad.jsonl", folder)
    local = tmp_path / "local.db"
    expected = run("load", folder, "--db", local, "-q")
    result = run("load", folder, "--db", store_target, "--dask", "local:2", "-q")
    assert result.exit_code == 0, result.output
    # The same summary line (rejections counted alike), the same rows.
    assert result.stdout.strip().splitlines()[-1] == expected.stdout.strip().splitlines()[-1]
    assert "(4 records rejected)" in result.stdout
    assert _event_ids(store_target) == _event_ids(local) and len(_event_ids(local)) > 80


def test_a_dask_scheduler_address_is_used_and_each_worker_loads_the_gazetteer_once(tmp_path):
    from distributed import Client, LocalCluster

    folder = tmp_path / "corpus"
    _corpus(folder, n_files=12, per_file=3)
    db = tmp_path / "d.db"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = run("load", folder, "--db", db, "--dask", cluster.scheduler_address, "-q")
        assert result.exit_code == 0, result.output
        with Client(cluster) as client:
            loads = client.run(lambda: __import__("eventmap.loader").loader._worker_state.get("resource_loads", 0))
    assert query_value(db, "SELECT COUNT(*) FROM articles") == 36
    assert sorted(loads.values()) == [1, 1], loads  # twelve files, two workers: one gazetteer each
    bad = run("load", folder, "--db", db, "--dask", "tcp://127.0.0.1:9")
    assert bad.exit_code == 1 and "cannot reach the Dask scheduler" in bad.stderr
