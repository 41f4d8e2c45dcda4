"""Synthetic corpora and event tables for the benchmarks (seeded, so runs are comparable)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from eventmap.gazetteer import load_gazetteer
from eventmap.model import EventRow, make_event_id
from eventmap.parse import Article
from eventmap.store import Store

TYPES = ["territory taken", "withdrawal", "armed clash", "air/drone strike", "shelling", "explosion", "other"]
ACTORS = ["Syrian Army", "ISIS", "NDF", "Nusra Front / HTS", "SDF", "Russian forces", "rebels"]

SEED_TEMPLATE = """{title}

{pub}

The ISIS terrorist group pulled forces back from more positions near {a} under the heavy offensives of the Syrian Army and National Defense Forces.

The Syrian government forces continued to advance against the ISIS terrorists and pushed them back from their strongholds near the villages of {b}, {c} and Qaryat {n} al-Kabireh following hours of intense battle.

In relevant development in the province on Thursday, the Syrian army and popular forces liberated another village Southeast of {d}, and inflicted a heavy toll on the ISIS that included tens of foreign terrorists from Saudi Arabia, Turkey, Chechnya, Lebanon, Malaysia and Pakistan.

The Syrian army along with Liwa al-Quds (Jerusalem Brigade), the Republican Guard and the National Defense Forces (NDF) liberated another village in {e} Plains after advancing North from the recently captured city of {e} this morning.

According to a military source, the Syrian armed forces imposed full control over the village of al-Muqayrat {n} after a violent battle with the ISIS near the strategic city of {f}.

The source added that several militants from the ISIS were killed during the successful military operations to liberate the village of al-Muqayrat {n}, including several foreign fighters from Saudi Arabia, Turkey, Chechnya, Lebanon, Malaysia and Pakistan.

With al-Muqayrat {n} under their control, the Syrian forces and their allies have advanced towards the village of {g}, which was seized by the ISIS during their offensive just 48 hours ago, FNA reported.

S/SH 11

string(150) "[{{"id":"1","sort":"2","contenttypeid":"21","pic":"/2016/02/26/alalam_1_25f_4x3.jpg","title":"VIDEO: Syrian Army Units Operations Inflict Heavy Losses on Terrorists"}}]"
"""


def place_names(rng: random.Random) -> list[str]:
    gz = load_gazetteer()
    names = [e.name for e in gz.entries if e.feature in ("town", "city", "village") and e.name.isascii()]
    rng.shuffle(names)
    return names


def write_seed_sized_corpus(folder: Path, n: int, per_file: int = 100, seed: int = 42) -> Path:
    """n seed-sized articles as plain-text files (per_file articles per JSONL would hide parse cost)."""
    import json

    rng = random.Random(seed)
    names = place_names(rng)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2016, 1, 1, 12, 0)
    fh = None
    for i in range(n):
        if i % per_file == 0:
            if fh:
                fh.close()
            fh = open(folder / f"batch_{i // per_file:05d}.jsonl", "w", encoding="utf-8")
        pick = [rng.choice(names) for _ in range(7)]
        pub = start + timedelta(days=rng.randrange(1400), minutes=i)
        text = SEED_TEMPLATE.format(title=f"Report {i} near {pick[0]}", pub=pub.strftime("%a %b %d, %Y %H:%M:%S"),
                                    a=pick[0], b=pick[1], c=pick[2], d=pick[3], e=pick[4], f=pick[5], g=pick[6], n=i)
        title, _, body = text.partition("\n\n")
        pub_line, _, body = body.partition("\n\n")
        fh.write(json.dumps({"title": title, "date": pub_line, "text": body, "source": "synthetic"}) + "\n")
    if fh:
        fh.close()
    return folder


def write_event_table(db: Path | str, n_events: int, seed: int = 7) -> Path | str:
    """A database (a SQLite path, or an empty PostgreSQL database's URL) of n synthetic events at real
    gazetteer places, spread over four years."""
    rng = random.Random(seed)
    gz = load_gazetteer()
    places = [e for e in gz.entries if not e.is_admin]
    if isinstance(db, Path):
        db.unlink(missing_ok=True)
    with Store(db) as store:
        per_article = 10
        with store.transaction():
            for a in range(0, n_events, per_article):
                day = date(2016, 1, 1) + timedelta(days=rng.randrange(1400))
                article = Article(title=f"Synthetic report {a}", paragraphs=[f"Paragraph {a}"],
                                  published_at=datetime.combine(day, datetime.min.time()), source=rng.choice(["SANA", "Reuters", "SOHR"]))
                rows = []
                for k in range(min(per_article, n_events - a)):
                    p = rng.choice(places)
                    approx = rng.random() < 0.2
                    rows.append(EventRow(
                        event_id=make_event_id(article.article_id, k, p.place_id, day), article_id=article.article_id,
                        article_title=article.title, article_source=article.source, article_url="",
                        published_at=article.published_at.isoformat(), paragraph_index=k,
                        paragraph_text=f"Clashes near the village of {p.name} on the day, paragraph {k} of report {a}.",
                        place_mention=p.name, place_name=p.name, place_id=None if approx else p.place_id,
                        latitude=p.latitude, longitude=p.longitude, admin1=p.admin1, geo_precision=2 if approx else 1,
                        geo_confidence=1.0, geo_candidates=0, anchor_place=p.name if approx else "",
                        event_date=day.isoformat(), date_precision=1, date_expression="on Thursday",
                        event_type=rng.choice(TYPES), actors="; ".join(rng.sample(ACTORS, 2))))
                store.write_article(article, rows)
    return db
