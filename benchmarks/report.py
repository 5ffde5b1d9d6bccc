"""Issue 8's targets checked against one scale report, and the report as a readable table.

Targets are stated for 2 cores at N = 100k (and 1M for the p99); at a smaller N they
are still listed with the measured value, marked as not applying, so a 10k run shows
the trend without claiming anything.
"""

from __future__ import annotations

from typing import Any

from benchmarks.recommender import TARGETS

__all__ = ["table", "targets"]

Report = dict[str, Any]


def _peak_rss(report: Report) -> float:
    phases = report["phases"]
    peaks = [
        phases["import_embedded"]["peak_rss_mb"],
        max(phases["recommend"]["peak_rss_mb"].values()),
        phases["api"]["server_peak_rss_mb"] or 0.0,
    ]
    return float(max(peaks))


def targets(report: Report) -> list[dict[str, Any]]:
    """Each target with its limit, the measured value and whether it is met."""
    n, phases = report["n"], report["phases"]
    single, api = phases["recommend"]["single"], phases["api"]["concurrent"]
    at_100k, at_1m = TARGETS[100_000], TARGETS[1_000_000]
    rows: list[tuple[str, int, str, float, float]] = [
        ("recommend median (ms, in process)", 100_000, "<=", at_100k["p50_ms"], single["p50_ms"]),
        ("recommend p99 (ms, in process)", 100_000, "<=", at_100k["p99_ms"], single["p99_ms"]),
        ("API p99, 50 clients (ms)", 100_000, "<=", 50.0, api["p99_ms"]),
        ("API errors, 50 clients", 100_000, "<=", 0.0, float(api["errors"])),
        (
            "embedded import (activities/s)",
            100_000,
            ">=",
            20_000.0,
            phases["import_embedded"]["activities_per_second"],
        ),
        ("peak RSS of any phase (MB)", 100_000, "<=", 2048.0, _peak_rss(report)),
        ("recommend p99 (ms, in process)", 1_000_000, "<=", at_1m["p99_ms"], single["p99_ms"]),
    ]
    for goal in phases.get("mechanisms", {}).get("goals", []):
        rows.append(
            (
                f"{goal['mechanism']} p99 (ms, in process)",
                100_000,
                "<=",
                goal["limit_p99_ms"],
                goal["measured_p99_ms"],
            )
        )
    return [
        {
            "target": name,
            "at_n": at,
            "limit": f"{op} {limit:g}",
            "measured": measured,
            "applies": n == at,
            "met": measured <= limit if op == "<=" else measured >= limit,
        }
        for name, at, op, limit, measured in rows
    ]


def _ratio(ours: float, reference: float) -> str:
    return f"{ours / reference:.2f}x" if reference else "-"


def table(report: Report) -> str:
    """Measured value, its same-run reference and their ratio; then the targets."""
    phases = report["phases"]
    rec, api = phases["recommend"], phases["api"]
    floor = rec["brute_force"]
    rows = [
        ("measure", "hub", "reference", "ratio"),
        (
            "recommend p50 / p99 (ms)",
            f"{rec['single']['p50_ms']} / {rec['single']['p99_ms']}",
            f"brute force {floor['single']['p50_ms']} / {floor['single']['p99_ms']}",
            f"{rec['ratio_to_brute_force']['p50']}x / {rec['ratio_to_brute_force']['p99']}x",
        ),
        (
            "batch (requests/s)",
            str(rec["batch"]["requests_per_s"]),
            f"brute force {floor['batch']['requests_per_s']}",
            f"{rec['ratio_to_brute_force']['batch_throughput']}x",
        ),
        (
            "fit (s)",
            str(rec["fit_s"]),
            f"brute force {floor['fit_s']}",
            _ratio(rec["fit_s"], floor["fit_s"]),
        ),
        ("short list keeps exact top-10", f"{rec['shortlist_recall_at_10']:.1%}", "", ""),
        (
            "embedded import (act/s)",
            str(phases["import_embedded"]["activities_per_second"]),
            "",
            "",
        ),
    ]
    neo = phases.get("neo4j", {})
    if "import" in neo:
        match = neo["cypher_match"]
        rows += [
            (
                f"Neo4j import at {neo['activities']:,} (act/s)",
                str(neo["import"]["activities_per_second"]),
                "",
                "",
            ),
            (
                f"Cypher match p50 / p99 (ms, {neo['activities']:,})",
                f"{match['p50_ms']} / {match['p99_ms']}",
                f"recommender {rec['single']['p50_ms']} / {rec['single']['p99_ms']}",
                _ratio(rec["single"]["p50_ms"], match["p50_ms"]) + " (rec/Cypher p50)",
            ),
        ]
    elif neo:
        rows.append(("Neo4j", "skipped", str(neo.get("skipped", ""))[:60], ""))
    load = api["concurrent"]
    rows += [
        (
            f"API {load['clients']} clients p50/p90/p99 (ms)",
            f"{load['p50_ms']} / {load['p90_ms']} / {load['p99_ms']}",
            f"one client {api['one_client']['p50_ms']} / {api['one_client']['p99_ms']}",
            "",
        ),
        (
            "API throughput, errors",
            f"{load['requests_per_s']} req/s, {load['errors']} errors",
            f"{load['requests']} requests",
            "",
        ),
    ]
    if (floor := api.get("health_floor")) and "failed" not in floor:
        rows.append(
            (
                f"API floor: GET /health, {floor['clients']} clients p50/p99 (ms)",
                f"{floor['p50_ms']} / {floor['p99_ms']}",
                f"{floor['requests_per_s']} req/s, {floor['errors']} errors",
                _ratio(load["p99_ms"], floor["p99_ms"]) + " (partners/health p99)",
            )
        )
    for name, found in phases.get("mechanisms", {}).get("mechanisms", {}).items():
        rows.append(
            (
                f"{name} p50 / p99 (ms)",
                f"{found['p50_ms']} / {found['p99_ms']}",
                f"floor {found['floor']['p50_ms']} / {found['floor']['p99_ms']}",
                _ratio(found["p99_ms"], found["floor"]["p99_ms"]),
            )
        )
    rows += [
        ("API first call (fit from store, s)", str(api["first_call_s"]), "", ""),
        ("peak RSS (MB)", f"{_peak_rss(report):.0f}", "", ""),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.append("")
    for target in report["targets"]:
        verdict = ("met" if target["met"] else "NOT met") if target["applies"] else "n/a here"
        lines.append(
            f"target at N={target['at_n']:,}: {target['target']} {target['limit']}:"
            f" {target['measured']:g} -> {verdict}"
        )
    return "\n".join(lines)
