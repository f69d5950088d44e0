"""Generate a large client for the scale benchmark, written in chunks (never one whole frame).

``python benchmarks/scale/generate.py 5000000 /tmp/scale`` writes ``/tmp/scale/raw/scale-5m/``:
``spend.csv`` (a day x channel x campaign grid over two years), ``touchpoints.csv`` (the asked
number of rows: 80 % local wall-clock ``YYYY-MM-DD HH:MM:SS``, 20 % UTC with a ``Z`` as web
analytics exports write them), ``leads.csv`` (one contact in ten), ``orders.csv`` (one order per
25 touchpoints, some refunds) and ``truth.json`` with the exact totals (counts, sums in cents)
the loaded client must show. Memory stays at one chunk of 500,000 rows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

CHANNELS = ["Google Ads", "Meta", "LinkedIn", "Email", "Organic Search", "Direct", "Affiliates",
            "Display"]
SOURCES = {"Google Ads": ("google", "cpc"), "Meta": ("facebook", "paid_social"),
           "LinkedIn": ("linkedin", "paid_social"), "Email": ("newsletter", "email"),
           "Organic Search": ("google", "organic"), "Direct": ("(direct)", "(none)"),
           "Affiliates": ("awin", "affiliate"), "Display": ("dv360", "display")}
START = np.datetime64("2024-01-01T00:00:00")
SECONDS = 2 * 365 * 86400 - 3600  # two years, an hour short of the end (UTC shifts stay inside)
CHUNK = 500_000


def _write(path: Path, df: pd.DataFrame, first: bool) -> None:
    df.to_csv(path, mode="w" if first else "a", header=first, index=False)


def _client_and_spend(n_touch: int, root: Path, seed: int):
    """The client folder with its ``client.yml`` and ``spend.csv`` (two years, every paid
    channel x 5 campaigns per day), the random generator and the exact totals so far."""
    name = f"scale-{n_touch // 1_000_000}m" if n_touch >= 1_000_000 else f"scale-{n_touch}"
    folder = root / "raw" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "client.yml").write_text("timezone: Europe/Paris\ncurrency: EUR\n")
    rng = np.random.default_rng(seed)
    n_contacts = max(n_touch // 10, 1)
    truth = {"touchpoints": n_touch, "contacts": n_contacts}
    days = pd.date_range("2024-01-01", periods=730, freq="D")
    paid = CHANNELS[:4] + CHANNELS[6:]
    grid = pd.MultiIndex.from_product([days, paid, [f"camp-{k}" for k in range(5)]],
                                      names=["date", "channel", "campaign"]).to_frame(index=False)
    cents = rng.integers(100, 200_000, len(grid))
    grid["cost"] = [f"{c // 100}.{c % 100:02d}" for c in cents]
    grid["impressions"] = rng.integers(100, 100_000, len(grid))
    grid["clicks"] = rng.integers(0, 100, len(grid))
    grid["date"] = grid["date"].dt.strftime("%Y-%m-%d")
    grid.to_csv(folder / "spend.csv", index=False)
    truth.update(spend_rows=len(grid), spend_cost_cents=int(cents.sum()))
    return folder, rng, n_contacts, truth, days


def generate(n_touch: int, root: Path, seed: int = 7) -> Path:
    folder, rng, n_contacts, truth, days = _client_and_spend(n_touch, root, seed)

    leads = pd.DataFrame({"contact_id": [f"c{i}" for i in range(n_contacts)]})
    secs = rng.integers(0, SECONDS, n_contacts)
    leads["created_at"] = pd.Series(START + secs.astype("timedelta64[s]")).dt.strftime("%Y-%m-%d %H:%M:%S")
    leads["channel"] = rng.choice(CHANNELS, n_contacts)
    leads.to_csv(folder / "leads.csv", index=False)
    truth["leads"] = n_contacts

    n_orders, revenue, refunds = 0, 0, 0
    for k, lo in enumerate(range(0, n_touch, CHUNK)):
        m = min(CHUNK, n_touch - lo)
        ch = rng.integers(0, len(CHANNELS), m)
        when = pd.Series(START + rng.integers(0, SECONDS, m).astype("timedelta64[s]"))
        utc = rng.random(m) < 0.2
        stamp = when.dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(dtype=object)
        stamp[utc] = when[utc].dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_numpy(dtype=object)
        names = np.array(CHANNELS, dtype=object)[ch]
        src = np.array([SOURCES[c][0] for c in CHANNELS], dtype=object)[ch]
        med = np.array([SOURCES[c][1] for c in CHANNELS], dtype=object)[ch]
        tp = pd.DataFrame({"contact_id": "c" + pd.Series(rng.integers(0, n_contacts, m)).astype(str),
                           "timestamp": stamp, "channel": names,
                           "campaign": "camp-" + pd.Series(rng.integers(0, 5, m)).astype(str),
                           "source": src, "medium": med})
        _write(folder / "touchpoints.csv", tp, k == 0)
        mo = m // 25
        cents = rng.integers(500, 50_000, mo)
        refund = rng.random(mo) < 0.03
        cents = np.where(refund, -cents // 4, cents)
        od = pd.DataFrame({
            "order_id": [f"o{n_orders + i}" for i in range(mo)],
            "contact_id": "c" + pd.Series(rng.integers(0, n_contacts, mo)).astype(str),
            "ordered_at": pd.Series(START + rng.integers(0, SECONDS, mo).astype("timedelta64[s]"))
            .dt.strftime("%Y-%m-%d %H:%M:%S"),
            "revenue": [f"{'-' if c < 0 else ''}{abs(c) // 100}.{abs(c) % 100:02d}" for c in cents]})
        _write(folder / "orders.csv", od, k == 0)
        n_orders += mo
        revenue += int(cents.sum())
        refunds += int(refund.sum())
    truth.update(orders=n_orders, revenue_cents=revenue, refunds=refunds)
    (root / f"{folder.name}.truth.json").write_text(json.dumps(truth, indent=1))
    return folder


def generate_sql(n_touch: int, root: Path, seed: int = 7) -> Path:
    """The same client as :func:`generate` (same tables, columns, forms and proportions: 80 %
    local wall-clock times, 20 % UTC with a ``Z``, one order per 25 touchpoints with 3 % refunds,
    one contact in ten a lead), drawn by DuckDB in SQL and written by its CSV writer: the
    pandas generator draws 5M touchpoints in 20 s on a free core but needs the better part of an
    hour for 50M on shared cores. Spend is the pandas generator's (small). Exact totals are read
    back from the drawn orders before they are written."""
    import duckdb

    folder, rng, n_contacts, truth, days = _client_and_spend(n_touch, root, seed)

    con = duckdb.connect()
    con.execute("SET memory_limit = '2GB'")
    con.execute(f"SELECT setseed({(seed % 1000) / 1000})")
    chans = ", ".join(f"'{c}'" for c in CHANNELS)
    srcs = ", ".join(f"'{SOURCES[c][0]}'" for c in CHANNELS)
    meds = ", ".join(f"'{SOURCES[c][1]}'" for c in CHANNELS)
    start = "TIMESTAMP '2024-01-01 00:00:00'"

    def at(_: str = "") -> str:  # a random instant of the two years
        return f"{start} + to_seconds(CAST(floor(random() * {SECONDS}) AS BIGINT))"

    con.execute(f"""COPY (SELECT 'c' || i AS contact_id, strftime({at('')}, '%Y-%m-%d %H:%M:%S')
        AS created_at, [{chans}][1 + CAST(floor(random() * 8) AS INT)] AS channel
        FROM range({n_contacts}) r(i)) TO '{folder / "leads.csv"}' (HEADER, DELIMITER ',')""")
    truth["leads"] = n_contacts
    con.execute(f"""COPY (SELECT 'c' || CAST(floor(random() * {n_contacts}) AS BIGINT) AS contact_id,
        CASE WHEN random() < 0.2 THEN strftime(w, '%Y-%m-%dT%H:%M:%SZ')
             ELSE strftime(w, '%Y-%m-%d %H:%M:%S') END AS timestamp,
        [{chans}][k] AS channel, 'camp-' || CAST(floor(random() * 5) AS INT) AS campaign,
        [{srcs}][k] AS source, [{meds}][k] AS medium
        FROM (SELECT {at('')} AS w, 1 + CAST(floor(random() * 8) AS INT) AS k FROM range({n_touch}))
        ) TO '{folder / "touchpoints.csv"}' (HEADER, DELIMITER ',')""")
    n_orders = n_touch // 25
    con.execute(f"""CREATE TABLE od AS SELECT i, 'c' || CAST(floor(random() * {n_contacts}) AS BIGINT)
        AS contact_id, strftime({at('')}, '%Y-%m-%d %H:%M:%S') AS ordered_at,
        CAST(500 + floor(random() * 49500) AS BIGINT) AS c, random() < 0.03 AS refund
        FROM range({n_orders}) r(i)""")
    con.execute("UPDATE od SET c = -(c // 4) WHERE refund")
    revenue, refunds = con.execute("SELECT sum(c), count(*) FILTER (WHERE refund) FROM od").fetchone()
    con.execute(f"""COPY (SELECT 'o' || i AS order_id, contact_id, ordered_at,
        CASE WHEN c < 0 THEN '-' ELSE '' END || (abs(c) // 100) || '.' || lpad(CAST(abs(c) % 100 AS VARCHAR), 2, '0')
        AS revenue FROM od ORDER BY i) TO '{folder / "orders.csv"}' (HEADER, DELIMITER ',')""")
    truth.update(orders=n_orders, revenue_cents=int(revenue), refunds=int(refunds))
    (root / f"{folder.name}.truth.json").write_text(json.dumps(truth, indent=1))
    return folder


if __name__ == "__main__":
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 5_000_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/roianalysis-scale")
    print(generate(n, out))
