"""`gcm-hub evaluate` reports per language when the requests come in more than one."""

from datetime import date
from pathlib import Path

from tools.evaluation import evaluate

_WORK = {
    "anti-trafficking-ngo": (
        "Training border police to identify victims of human trafficking",
        "Former la police des frontières à identifier les victimes de la traite",
    ),
    "water-ngo": (
        "Drilling boreholes and water wells for rural villages",
        "Forer des puits et des forages pour les villages ruraux",
    ),
}


def _activity(ident: str, start: str, lang: str, title: str, org: str) -> str:
    return f"""<iati-activity default-currency="USD">
  <iati-identifier>{ident}</iati-identifier>
  <reporting-org ref="XX-1"><narrative>Publisher</narrative></reporting-org>
  <title><narrative xml:lang="{lang}">{title}</narrative></title>
  <participating-org role="4"><narrative>{org}</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="{start}"/>
  <recipient-country code="SO"/>
</iati-activity>"""


def test_requests_in_two_languages_get_a_row_each(tmp_path: Path) -> None:
    items = []
    for org, (english, french) in _WORK.items():
        for year in (2016, 2017, 2018):
            items.append(_activity(f"XX-1-{org}-{year}", f"{year}-03-01", "en", english, org))
        items.append(_activity(f"XX-1-{org}-en", "2021-03-01", "en", english, org))
        items.append(_activity(f"XX-1-{org}-fr", "2021-03-01", "fr", french, org))
    path = tmp_path / "two-languages.xml"
    path.write_text(
        '<iati-activities version="2.03">' + "\n".join(items) + "</iati-activities>",
        encoding="utf-8",
    )
    report = evaluate([path], date(2020, 1, 1), k=1)
    assert report.requests == 4
    assert set(report.languages) == {"en", "fr"}
    assert report.languages["en"]["requests"] == report.languages["fr"]["requests"] == 2
    # Across languages the French requests still find who did the work in English.
    assert report.languages["fr"]["hit@1"] == report.languages["en"]["hit@1"] == 1.0
