"""A synthetic GCM hub at any scale, written as IATI 2.03 activity XML.

The hub's real input is IATI XML, so writing that format measures the import path too.
Everything structural is drawn at once (`tools.synth_plan`, shaped like real aid data so
a recommender finds the same kinds of signal); texts are composed while the XML is
streamed, each chunk with its own seeded generator, so one seed always gives the same
bytes.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from hub.domain.errors import InvalidInput
from hub.domain.records import StakeholderKind as Kind
from hub.domain.taxonomy import OBJECTIVES
from tools.synth_plan import (
    FIRST_DATE,
    KIND_SHARES,
    ORG_TYPES,
    SPLIT_DATE,
    SynthPlan,
    place_name,
    plan_hub,
)

__all__ = [
    "KIND_SHARES",
    "SPLIT_DATE",
    "SynthPlan",
    "SynthReport",
    "main",
    "plan_hub",
    "synth_hub",
]

_SECOND_LANGUAGE = {"Western Africa": ("fr", 0.5), "Middle Africa": ("fr", 0.6),
                    "Northern Africa": ("ar", 0.4), "Western Asia": ("ar", 0.3),
                    "Central America": ("es", 0.6), "South America": ("es", 0.6)}  # fmt: skip
_DAC = {15190: "Facilitation of orderly, safe, regular and responsible migration and mobility",
        16062: "Statistical capacity building", 43072: "Household food security",
        15130: "Legal and judicial development", 16020: "Employment creation",
        15180: "Ending violence against women and girls", 72010: "Material relief assistance",
        15210: "Security system management and reform", 15160: "Human rights",
        12220: "Basic health care", 15220: "Civilian peace-building and conflict prevention",
        11330: "Vocational training", 24040: "Informal/semi-formal financial intermediaries",
        16010: "Social protection"}  # fmt: skip
# Each objective's DAC sector; 15190 is the DAC code for migration itself.
_SECTOR = (16062, 43072, 15190, 15130, 15190, 16020, 15180, 72010, 15190, 15180, 15210, 15190,
           15160, 15190, 12220, 15220, 15160, 11330, 15190, 24040, 15190, 16010, 15190)  # fmt: skip
# language: (title, description, title verbs, beneficiaries, generic activities)
_PHRASES = {
    "en": ("{v} {k} in {c}", "The project supports {b} in {w} through {k1} and {k2}. Activities"
           " include {g1}, {g2} and {k3}.", "Strengthening;Support to;Improving;Scaling up",
           "migrants;returnees;host communities;displaced families;young people;women and girls",
           "capacity building;technical assistance;community engagement;coordination meetings;"
           "monitoring and evaluation;training of trainers;needs assessments"),
    "fr": ("{v} : {k} ({c})", "Le projet appuie {b} à {w} à travers {k1} et {k2}. Les activités"
           " comprennent {g1}, {g2} et {k3}.", "Projet;Programme d'appui;Initiative",
           "les migrants;les rapatriés;les communautés d'accueil;les familles déplacées",
           "le renforcement des capacités;l'assistance technique;la coordination;la formation"),
    "es": ("{v}: {k} ({c})", "El proyecto apoya a {b} en {w} mediante {k1} y {k2}. Las"
           " actividades incluyen {g1}, {g2} y {k3}.", "Proyecto;Programa de apoyo;Iniciativa",
           "los migrantes;las personas retornadas;las comunidades de acogida;los jóvenes",
           "el fortalecimiento de capacidades;la asistencia técnica;la coordinación;"
           "la capacitación"),
    "ar": ("{v}: {k} ({c})", "يدعم المشروع {b} في {w} من خلال {k1} و{k2}. وتشمل الأنشطة {g1} و{g2}"
           " و{k3}.", "مشروع;برنامج دعم;مبادرة",
           "المهاجرين;العائدين;المجتمعات المضيفة;الأسر النازحة",
           "بناء القدرات;المساعدة التقنية;التنسيق;التدريب;الرصد والتقييم"),
}  # fmt: skip
_LANGUAGES = tuple(_PHRASES)
_CHUNK = 4096
_SPANISH = re.compile(r"[áíóúñ]|(o|os|as|dad)\b")
_ADMIN = ("Region", "District", "Province", "Municipality")


@dataclass(frozen=True, slots=True)
class SynthReport:
    file: str
    stakeholders: int
    organisations_named: int
    activities: int
    requests: int
    split_date: date
    bytes: int
    seconds: float
    activities_per_second: float


def _one(options: list[str], x: float) -> str:
    """The option a uniform draw in [0, 1) lands on."""
    return options[int(x * len(options))]


def _sector(code: int, share: str = "") -> str:
    return (
        f'    <sector vocabulary="1" code="{code}"{share}><narrative xml:lang="en">'
        f"{escape(_DAC[code])}</narrative></sector>\n"
    )


def _org(element: str, ref: str, kind: Kind, name: str) -> str:
    tag, cited = element.split(maxsplit=1)[0], f" ref={quoteattr(ref)}" if ref else ""
    return (
        f'    <{element}{cited} type="{ORG_TYPES[kind]}"><narrative>{escape(name)}</narrative>'
        f"</{tag}>\n"
    )


def _keywords(language: str) -> list[list[str]]:
    """Each objective's terms in one language, roughly: the vocabularies list English terms
    first, then French, Spanish and Arabic, and Spanish mostly shows in accents and endings."""
    pools = []
    for item in OBJECTIVES:
        arabic = [k for k in item.keywords if re.search("[\u0600-\u06ff]", k)]
        latin = [k for k in item.keywords if k not in arabic]
        cut = round(0.6 * len(latin))
        spanish = [k for k in latin[cut:] if _SPANISH.search(k)]
        french = [k for k in latin[cut:] if k not in spanish]
        pool = {"en": latin[:cut], "fr": french, "es": spanish, "ar": arabic}[language]
        pools.append([escape(k) for k in pool or latin])
    return pools


class _Writer:
    """Pre-escaped fragments, so each activity is only joined, never re-escaped."""

    def __init__(self, plan: SynthPlan) -> None:
        self.plan = plan
        orgs = list(zip(plan.refs, plan.cited.tolist(), plan.kinds, plan.names, strict=True))
        self.org = [
            [
                _org(f'participating-org role="{r}"', ref if cited else "", k, n)
                for ref, cited, k, n in orgs
            ]
            for r in (1, 4)
        ]
        self.reporting = [_org("reporting-org", ref, k, n) for ref, _, k, n in orgs]
        self.pools = {lang: _keywords(lang) for lang in _LANGUAGES}
        self.phrases = {
            lang: (t, d, [escape(p).split(";") for p in rest])
            for lang, (t, d, *rest) in _PHRASES.items()
        }
        second = [_SECOND_LANGUAGE.get(c.subregion, ("en", 0.0)) for c in plan.places]
        self.lang = np.array([_LANGUAGES.index(lang) for lang, _ in second])
        self.other = np.array([share for _, share in second])
        syllables = np.random.default_rng([plan.seed, 2]).integers(
            0, 1 << 30, (len(plan.places), 4, 3)
        )
        self.locations = [
            [f"{place_name(*row)} {_ADMIN[row[0] % 4]}" for row in rows]
            for rows in syllables.tolist()
        ]
        # Objectives with a sector of their own are sometimes coded as migration too.
        self.sector = [
            (_sector(c), _sector(c, ' percentage="70"') + _sector(15190, ' percentage="30"'))
            for c in _SECTOR
        ]

    def _texts(self, language: str, o1: int, o2: int, where: str, x: list[float]) -> str:
        """Title and description from the objectives' words and generic development words."""
        title, text, (verbs, people, generic) = self.phrases[language]
        pool = self.pools[language][o1 - 1]
        k1, k2 = _one(pool, x[0]), _one(pool, x[1])
        g1, g2 = _one(generic, x[3]), _one(generic, x[4])
        k3 = _one(self.pools[language][o2 - 1] if o2 else generic, x[2])
        description = text.format(
            b=_one(people, x[5]), w=where, k1=k1, k2=k2 if k2 != k1 else g2, k3=k3, g1=g1, g2=g2
        )
        if language == "en" and x[6] < 0.3:
            aim = OBJECTIVES[o1 - 1].title
            description += f" It seeks to {aim[0].lower()}{aim[1:]}."
        heading = title.format(v=_one(verbs, x[7]), k=k1, c=where)
        return (
            f'    <title><narrative xml:lang="{language}">{heading}</narrative></title>\n'
            f'    <description type="1"><narrative xml:lang="{language}">{description}'
            "</narrative></description>\n"
        )

    def chunk(self, first: int, last: int) -> str:
        plan, rng, size = self.plan, np.random.default_rng([self.plan.seed, 1, first]), last - first
        starts = np.datetime64(FIRST_DATE) + plan.start[first:last]
        ends = starts + plan.days[first:last]
        status = np.where(ends < np.datetime64(SPLIT_DATE), 3, 2).tolist()
        country = plan.country[first:last]
        lang = np.where(rng.random(size) < self.other[country], self.lang[country], 0).tolist()
        u = rng.random((size, 12)).tolist()
        out = []
        rows = zip(
            range(first, last),
            starts.astype(str).tolist(),
            ends.astype(str).tolist(),
            status,
            country.tolist(),
            lang,
            u,
            plan.objectives[first:last].tolist(),
            plan.implementers[first:last].tolist(),
            plan.funders[first:last].tolist(),
            strict=True,
        )
        for i, start, end, code, c, language, x, (o1, o2), implementers, funders in rows:
            place = plan.places[c]
            located = x[8] < 0.3
            location = _one(self.locations[c], x[9])
            where = escape(f"{location}, {place.name}" if located else place.name)
            reporter = implementers[0] if x[10] < 0.7 else funders[0]
            migration = int(x[11] < 0.3 and _SECTOR[o1 - 1] != 15190)
            out += [
                '  <iati-activity default-language="en">\n',
                f"    <iati-identifier>{plan.refs[reporter]}-{i:08d}</iati-identifier>\n",
                self.reporting[reporter],
                self._texts(_LANGUAGES[language], o1, o2, where, x),
                *(self.org[0][f] for f in dict.fromkeys(funders) if f >= 0),
                *(self.org[1][m] for m in dict.fromkeys(implementers) if m >= 0),
                f'    <activity-status code="{code}"/>\n',
                f'    <activity-date iso-date="{start}" type="2"/>\n',
                f'    <activity-date iso-date="{end}" type="3"/>\n',
                f'    <recipient-country code="{place.code}"/>\n',
                f"    <location><name><narrative>{escape(location)}</narrative></name></location>\n"
                if located
                else "",
                self.sector[o1 - 1][migration],
                "  </iati-activity>\n",
            ]
        return "".join(out)


def synth_hub(
    path: Path,
    stakeholders: int,
    activities: int,
    requests: int,
    seed: int = 0,
    on_progress: Callable[[int], None] | None = None,
) -> SynthReport:
    """Write a synthetic hub to `path`; `on_progress` receives activities written."""
    began = time.perf_counter()
    plan = plan_hub(stakeholders, activities, requests, seed)
    writer = _Writer(plan)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03"'
            f' generated-datetime="{SPLIT_DATE}T00:00:00">\n'
        )
        for first in range(0, activities, _CHUNK):
            last = min(first + _CHUNK, activities)
            out.write(writer.chunk(first, last))
            if on_progress is not None:
                on_progress(last - first)
        out.write("</iati-activities>\n")
    seconds = time.perf_counter() - began
    named = np.concatenate([plan.implementers.ravel(), plan.funders.ravel()])
    return SynthReport(
        file=str(path),
        stakeholders=stakeholders,
        organisations_named=len(np.unique(named[named >= 0])),
        activities=activities,
        requests=requests,
        split_date=SPLIT_DATE,
        bytes=path.stat().st_size,
        seconds=round(seconds, 3),
        activities_per_second=round(activities / seconds),
    )


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m tools.synth`: write the file, print its report as JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.synth", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--stakeholders", type=int, default=1000, help="organisations to invent")
    parser.add_argument("--activities", type=int, help="in all; default 3 per stakeholder")
    parser.add_argument("--requests", type=int, help="starting on or after the split; default 10%%")
    parser.add_argument("--seed", type=int, default=0, help="the same seed writes the same bytes")
    parser.add_argument(
        "--out", type=Path, default=Path("synthetic-iati.xml"), help="file to write"
    )
    args = parser.parse_args(argv)
    activities = args.activities or 3 * args.stakeholders
    requests = activities // 10 if args.requests is None else args.requests
    try:
        report = synth_hub(args.out, args.stakeholders, activities, requests, args.seed)
    except InvalidInput as error:
        parser.error(str(error))
    print(json.dumps(asdict(report), default=str))


if __name__ == "__main__":
    main()
