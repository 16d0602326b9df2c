"""The DPO's event types through `consentgate import`: a valid one is stored and closes the
request it answers; a bad value is one clear line per problem, nothing imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from netrows import WriteDir, event, member
from sqlalchemy import select

from consentgate.cli import main
from consentgate.ledger.actions import Outcome
from consentgate.models import MemberRequest
from consentgate.workspace import Workspace


def _run(database_url: str, home: Path, *args: str) -> int:
    return main(["--home", str(home), "--database-url", database_url, *args])


def test_closed_objection_comes_in_as_a_closed_request(
    database_url: str, tmp_path: Path, write_dir: WriteDir
) -> None:
    refused = Outcome("e1", "refused", "dpo-anne", "Compelling legitimate grounds").to_value()
    source = write_dir(
        [member("m1")],
        [],
        [event("e1", "m1", type="objection", value=None, channel="form"),
         event("e2", "m1", type="request_closed", value=refused, channel="dpo",
               at="2025-10-20T09:00:00+00:00")],
    )  # fmt: skip
    home = tmp_path / "home"
    assert _run(database_url, home, "import", str(source)) == 0
    ws = Workspace.open(home, database_url)
    with ws.session() as session:
        [request] = session.scalars(select(MemberRequest))
    assert (request.kind, request.status, request.event_id) == ("objection", "refused", "e1")
    ws.close()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('{"actor": "dpo", "outcome": "refused", "request_event": "e1"}', "needs its reason"),
        ('{"actor": "dpo", "outcome": "maybe", "request_event": "e1"}', "outcome must be"),
        ('{"outcome": "granted", "request_event": "e1"}', "needs the actor"),
        ("granted", "JSON object"),
    ],
)
def test_bad_dpo_event_is_one_line_and_nothing_imported(
    database_url: str,
    tmp_path: Path,
    write_dir: WriteDir,
    capsys: pytest.CaptureFixture[str],
    value: str,
    problem: str,
) -> None:
    source = write_dir(
        [member("m1")], [], [event("e2", "m1", type="request_closed", value=value, channel="dpo")]
    )
    assert _run(database_url, tmp_path / "home", "import", str(source)) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: 1 problem(s), nothing imported:\nevents.jsonl:1: value: ")
    assert problem in err and "Traceback" not in err
