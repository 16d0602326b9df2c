"""`/my/footprint`: a member drops their data export and sees what of it would train AI.

The upload is read in memory and its temporary file closed (deleted) before the answer is
sent; nothing of it is stored unless the member imports the rows they confirm.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from consentgate.errors import ArchiveError
from consentgate.network.archive import read_export
from consentgate.network.footprint import footprint
from consentgate.network.footprint_import import import_items, importable
from consentgate.settings import FOOTPRINT_PATH
from consentgate.web.deps import Ctx, CurrentMember, SessionDep
from consentgate.web.footprint import (
    footprint_signer,
    footprint_view,
    kind_word,
    read_import_token,
    reason_word,
)
from consentgate.web.forms import CsrfProtected
from consentgate.web.rendering import redirect, render, templates
from consentgate.web.schemas import Text
from consentgate.workflows.services import now_utc

router = APIRouter(include_in_schema=False)
templates.env.globals.update(kind_word=kind_word, reason_word=reason_word)
FOOTPRINT_URL = FOOTPRINT_PATH


@router.get(FOOTPRINT_URL)
def footprint_page(
    request: Request, member: CurrentMember, db: SessionDep, imported: int | None = None
) -> Response:
    context = {"view": None, "error": None, "imported": imported}
    return render(request, "footprint.html", context, member=member, db=db)


@router.post(FOOTPRINT_URL, dependencies=[CsrfProtected])
def footprint_upload(
    request: Request,
    member: CurrentMember,
    db: SessionDep,
    ctx: Ctx,
    export: Annotated[UploadFile, File()],
    choice: Annotated[Literal["default", "yes", "no"], Form()] = "default",
) -> Response:
    try:
        data = export.file.read(ctx.settings.footprint_max_bytes + 1)
    finally:
        export.file.close()  # a spooled upload's temporary file goes now, not later
    try:
        archive = read_export(data, export.filename or "upload")
    except ArchiveError as exc:
        context: dict[str, object] = {"view": None, "error": str(exc), "imported": None}
        return render(request, "footprint.html", context, member=member, db=db, status_code=422)
    at = now_utc()
    answer = footprint(
        archive, ctx.policy, at, country=member.country, birth_date=member.birth_date,
        choice=None if choice == "default" else choice == "yes",
    )  # fmt: skip
    signer = footprint_signer(ctx.settings.secret_key.get_secret_value(), member.member_id)
    view = footprint_view(answer, importable(archive, member.member_id, at), signer)
    context = {"view": view, "error": None, "imported": None, "choice": choice}
    return render(request, "footprint.html", context, member=member, db=db)


@router.post(FOOTPRINT_URL + "/import", dependencies=[CsrfProtected])
def footprint_import(
    request: Request,
    member: CurrentMember,
    db: SessionDep,
    ctx: Ctx,
    token: Annotated[Text, Form(max_length=8 * 1024 * 1024)],
    record: Annotated[list[str] | None, Form()] = None,
) -> Response:
    signer = footprint_signer(ctx.settings.secret_key.get_secret_value(), member.member_id)
    chosen = set(record or ())
    items = [item for item in read_import_token(signer, token) if item.record_id in chosen]
    with ctx.writing():
        added, _present = import_items(db, member.member_id, items)
        db.commit()
    return redirect(request, f"{FOOTPRINT_URL}?imported={added}")
