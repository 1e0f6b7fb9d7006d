"""The benchmark's figures: medians over the runs, and the targets of the issue with a verdict.

Pure functions of the measured numbers, so that the verdicts can be checked without a load test.
"""

import math
import statistics

CEILING = ("ceiling (/ping)", "/ping", False)


def summarise(pages, runs):
    """One row per page: medians over the runs of req/s, p50, p99 and the ratio to the ceiling
    measured in the same run. `runs` is a list of {page name: wrk figures}."""
    rows = []
    for name, path, logged_in in pages:
        measured = [run[name] for run in runs]
        ratios = [
            run[name]["rps"] / run[CEILING[0]]["rps"] if run[CEILING[0]]["rps"] else 0.0
            for run in runs
        ]
        rows.append(
            {
                "page": name,
                "path": path,
                "logged_in": logged_in,
                "rps": statistics.median(m["rps"] for m in measured),
                "p50_ms": statistics.median(m["p50"] for m in measured),
                "p99_ms": statistics.median(m["p99"] for m in measured),
                "ratio": statistics.median(ratios),
                "errors": sum(m["socket_errors"] + m["bad_responses"] for m in measured),
            }
        )
    return rows


def percentile(values, percent):
    """The value below which `percent` % of `values` lie (linear between the closest ranks);
    None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * percent / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _pages(rows, *, public=None):
    """The measured pages (not the ceiling), only the public or logged-in ones if asked."""
    return [
        row
        for row in rows or []
        if row["page"] != CEILING[0] and (public is None or row["logged_in"] != public)
    ]


def _lowest_ratio(rows, **which):
    pages = _pages(rows, **which)
    return min(row["ratio"] for row in pages) if pages else None


def _target(what, value, comparison, limit, unit=""):
    met = None if value is None else (value >= limit if comparison == "≥" else value < limit)
    return {
        "what": what,
        "value": value,
        "target": f"{comparison} {limit:g}{unit}",
        "met": met,
    }


def issue_targets(writes, uncached, shared, search_p95_ms, *, connections, shared_label):
    """The table of the issue: one row per target, with the measured value (None: not measured)
    and whether it is met.

    `writes` maps each write rate (registrations per second) to its summarised rows; `uncached`
    and `shared` are the rows of the pass with the page cache off and of the pass with the
    shared cache (None when not measured).
    """
    busiest = max(writes) if writes else None
    with_writes = writes.get(busiest) if busiest else None
    highest_p99 = max((row["p99_ms"] for row in _pages(with_writes)), default=None)
    rate = f"{busiest:g}" if busiest else "–"
    return [
        _target(
            "public pages, no writes (lowest ratio)",
            _lowest_ratio(writes.get(0), public=True),
            "≥",
            0.8,
        ),
        _target(
            f"public pages, {rate} registrations/s (lowest ratio)",
            _lowest_ratio(with_writes, public=True),
            "≥",
            0.5,
        ),
        _target("every page, page cache off (lowest ratio)", _lowest_ratio(uncached), "≥", 0.1),
        _target(
            "knowledge-base search, uncached, p95 in the process",
            search_p95_ms,
            "<",
            15,
            " ms",
        ),
        _target(
            f"Mijn BIN, logged in, {shared_label} (ratio)",
            _lowest_ratio(shared, public=False),
            "≥",
            0.5,
        ),
        _target(
            f"p99 at {connections} connections, every page, {rate} registrations/s (highest)",
            highest_p99,
            "<",
            50,
            " ms",
        ),
    ]


def format_targets(targets):
    lines = [f"{'':66} {'measured':>9} {'target':>9}"]
    for row in targets:
        value = row["value"]
        digits = 1 if row["target"].endswith("ms") else 2
        shown = "–" if value is None else f"{value:.{digits}f}"
        verdict = {True: "✔", False: "✘", None: "not measured"}[row["met"]]
        lines.append(f"{row['what'][:66]:66} {shown:>9} {row['target']:>9} {verdict}")
    return lines


def format_rows(rows):
    header = f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'errors':>6}"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['page'][:32]:32} {row['rps']:8.0f} {row['p50_ms']:8.1f} "
            f"{row['p99_ms']:8.1f} {row['ratio']:6.2f} {row['errors']:6d}"
        )
    return lines
