"""Row factories for the network tests (valid interchange lines, overridable per field)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

Row = dict[str, Any]
WriteDir = Callable[..., Path]


def member(member_id: str = "m1", **fields: Any) -> Row:
    row: Row = {
        "member_id": member_id,
        "name": "Léa Moreau",
        "email": "lea.moreau@exemple.fr",
        "phone": "+33 6 12 34 56 78",
        "birth_date": "1990-04-02",
        "country": "FR",
        "created_at": "2021-03-04T10:00:00+00:00",
        "headline": "Cheffe de projet data",
        "summary": "Dix ans de données.",
        "location": "Lyon, France",
        "positions": [
            {
                "company": "Acme SA",
                "title": "Data PM",
                "description": "Pilotage",
                "started_on": "2021-01",
                "finished_on": None,
            }
        ],
        "education": [{"school": "Université Lyon 2", "degree": "Master", "field": "Statistique"}],
        "skills": ["SQL", "Gestion de projet"],
    }
    row.update(fields)
    return row


def content(record_id: str = "c1", member_id: str = "m1", **fields: Any) -> Row:
    row: Row = {
        "record_id": record_id,
        "member_id": member_id,
        "kind": "post",
        "text": "Bravo à toute l'équipe !",
        "created_at": "2025-11-20T08:15:00+01:00",
        "visibility": "public",
    }
    row.update(fields)
    return row


def event(event_id: str = "e1", member_id: str = "m1", **fields: Any) -> Row:
    row: Row = {
        "event_id": event_id,
        "member_id": member_id,
        "at": "2025-10-01T18:02:11+02:00",
        "type": "ai_training_setting",
        "value": False,
        "channel": "ios",
    }
    row.update(fields)
    return row


def write_jsonl(path: Path, rows: list[Row]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
