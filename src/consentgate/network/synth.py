"""`consentgate synth`: a realistic, deterministic synthetic professional network.

Everything random comes from one `random.Random(seed)` plus Faker pools seeded with the same
seed (synth_people), and nothing depends on the clock, set order or hash seeds: the same seed
gives the same three files, byte for byte.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentgate.network.synth_content import Draft, generate_drafts
from consentgate.network.synth_events import EventDraft, person_events
from consentgate.network.synth_people import (
    Person,
    build_pools,
    local_iso,
    make_person,
    member_line,
)
from consentgate.network.validation import CONTENT_FILE, EVENTS_FILE, MEMBERS_FILE

__all__ = ["SyntheticNetwork", "generate_network"]


@dataclass
class SyntheticNetwork:
    """The three interchange files' lines, as JSON-able dicts in file order."""

    seed: int
    members: list[dict[str, Any]]
    content: list[dict[str, Any]]
    events: list[dict[str, Any]]

    def summary(self) -> str:
        """One line for the CLI."""
        return (
            f"synthesised {len(self.members)} members, {len(self.content)} content records, "
            f"{len(self.events)} events (seed {self.seed})"
        )

    def write_interchange(self, directory: Path | str) -> None:
        """Write members.jsonl, content.jsonl and events.jsonl into `directory`."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        for name, rows in (
            (MEMBERS_FILE, self.members),
            (CONTENT_FILE, self.content),
            (EVENTS_FILE, self.events),
        ):
            tmp = out / f".{name}.tmp"
            with tmp.open("w", encoding="utf-8", newline="\n") as handle:
                dumps = json.JSONEncoder(ensure_ascii=False).encode
                for start in range(0, len(rows), 10_000):
                    handle.write("".join(dumps(r) + "\n" for r in rows[start : start + 10_000]))
            os.replace(tmp, out / name)


def _width(count: int, minimum: int) -> int:
    return max(minimum, len(str(count)))


def _content_lines(roots: list[Draft], comments: list[Draft]) -> list[dict[str, Any]]:
    """Records get ids in time order, so a comment's id is always after its parent's."""
    drafts = roots + comments
    order = sorted(range(len(drafts)), key=lambda n: (drafts[n].at, n))
    width = _width(len(drafts), 7)
    record_id = {n: f"c{rank + 1:0{width}d}" for rank, n in enumerate(order)}
    lines = []
    for n in order:
        draft = drafts[n]
        line: dict[str, Any] = {
            "record_id": record_id[n],
            "member_id": draft.author.member_id,
            "kind": draft.kind,
            "text": draft.text,
            "created_at": local_iso(draft.author, draft.at),
            "visibility": draft.visibility,
        }
        if draft.parent is not None:
            line["parent_id"] = record_id[draft.parent]
        if draft.group_id is not None:
            line["group_id"] = draft.group_id
        lines.append(line)
    return lines


def _event_lines(events: list[EventDraft]) -> list[dict[str, Any]]:
    """Events in time order (the ledger's order), ids by rank."""
    order = sorted(range(len(events)), key=lambda n: (events[n].at, n))
    width = _width(len(events), 7)
    lines = []
    for rank, n in enumerate(order):
        event = events[n]
        line: dict[str, Any] = {
            "event_id": f"e{rank + 1:0{width}d}",
            "member_id": event.person.member_id,
            "at": local_iso(event.person, event.at),
            "type": event.type,
        }
        if event.value is not None:
            line["value"] = event.value
        if event.policy_version is not None:
            line["policy_version"] = event.policy_version
        line["channel"] = event.channel
        lines.append(line)
    return lines


def generate_network(
    members: int, seed: int, progress: Callable[[str], None] | None = None
) -> SyntheticNetwork:
    """A network of `members` members (ids m000001...), about ten content records each."""
    say = progress or (lambda _msg: None)
    rng = random.Random(seed)
    say("building name pools")
    pools = build_pools(seed)
    width = _width(members, 6)
    say("people")
    people: list[Person] = [make_person(i, rng, pools, width) for i in range(members)]
    member_lines = [member_line(p, rng, pools[p.country.code]) for p in people]
    say("content")
    roots, comments = generate_drafts(people, rng)
    last: dict[int, Any] = {}
    for draft in roots + comments:
        index = draft.author.index
        if index not in last or draft.at > last[index]:
            last[index] = draft.at
    say("consent events")
    events = [e for p in people for e in person_events(rng, p, last.get(p.index))]
    say("ordering")
    return SyntheticNetwork(
        seed, member_lines, _content_lines(roots, comments), _event_lines(events)
    )
