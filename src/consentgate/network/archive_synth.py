"""Synthetic member data exports, with the real archives' quirks on demand, and what they hold.

`synth_export(seed, quirks)` writes a zip as the network's "Get a copy of your data" does and
says what a correct reader must find in it: the data rows of each file, how many a covered
adult member's default "yes" would use, the texts that must never be shown (private
messages, job applications) and the personal data a shown text must never keep in clear.
Tests and docs build their archives with it; nothing here reads a real member's data.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from dataclasses import dataclass, field

FIRST = ("Léa", "Hugo", "Chloé", "Louis", "Manon", "Jules", "Camille", "Nathan")
LAST = ("Moreau", "Lefebvre", "Garnier", "Rousseau", "Fontaine", "Chevalier", "Girard")
WORDS = (
    "Ravie de partager notre bilan de l'année avec toute l'équipe",
    "Great panel today on data quality and team rituals",
    "Nous recrutons des profils data pour notre équipe de Lyon",
    "Three lessons from shipping a privacy review process",
    "Merci pour cette belle conférence sur la gouvernance des données",
)
EXPORT_FOLDER = "Basic_LinkedInDataExport_12-05-2026"
ALL_QUIRKS = ("bom", "notes", "multiline", "escaped_quotes", "shuffle", "upper", "subfolder",
              "extra", "alt_dates")  # fmt: skip
OPTIONAL_FILES = ("Profile.csv", "Positions.csv", "Education.csv", "Skills.csv", "Shares.csv",
                  "Comments.csv", "messages.csv", "Connections.csv", "Invitations.csv",
                  "Email Addresses.csv", "Registration.csv", "Jobs/Job Applications.csv",
                  "Endorsement_Received_Info.csv", "Recommendations_Received.csv",
                  "Reactions.csv", "Articles")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Quirks:
    """Which of the real archives' quirks to write (`on`), which files to leave out or empty."""

    on: frozenset[str] = frozenset()
    missing: frozenset[str] = frozenset()
    empty: frozenset[str] = frozenset()


@dataclass(slots=True)
class SynthExport:
    """The zip and what is in it (keys: each file's path inside the zip)."""

    data: bytes = b""
    rows: dict[str, int] = field(default_factory=dict)
    used: dict[str, int] = field(default_factory=dict)
    never_texts: list[str] = field(default_factory=list)
    pii: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)


class _Writer:
    def __init__(self, rng: random.Random, quirks: Quirks, out: SynthExport) -> None:
        self.rng, self.quirks, self.out = rng, quirks, out
        self.files: dict[str, bytes] = {}
        self.prefix = f"{EXPORT_FOLDER}/" if "subfolder" in quirks.on else ""

    def csv(self, label: str, header: list[str], rows: list[list[str]], used: int = 0,
            preamble: str = "", escape: bool = False) -> None:  # fmt: skip
        if label in self.quirks.missing:
            return
        path = self.prefix + label
        if label in self.quirks.empty:
            rows, used = [], 0
            if self.rng.random() < 0.5:  # header only, or nothing at all
                self.files[path] = b""
                self.out.rows[path], self.out.used[path] = 0, 0
                return
        order = list(range(len(header)))
        if "shuffle" in self.quirks.on:
            self.rng.shuffle(order)
        names = [header[i].upper() if "upper" in self.quirks.on else header[i] for i in order]
        buffer = io.StringIO(newline="")
        buffer.write(preamble)
        writer = csv.writer(buffer, lineterminator="\n", escapechar="\\" if escape else None,
                            doublequote=not escape)  # fmt: skip
        writer.writerow(names)
        writer.writerows([[row[i] for i in order] for row in rows])
        bom = "\ufeff" if "bom" in self.quirks.on else ""
        self.files[path] = (bom + buffer.getvalue()).encode("utf-8")
        self.out.rows[path], self.out.used[path] = len(rows), used


def _date(rng: random.Random, alt: bool) -> str:
    day, hour = rng.randint(1, 28), rng.randint(0, 23)
    return f"2025/{rng.randint(6, 10):02d}/{day:02d} {hour:02d}:14:51 UTC" if alt else \
        f"2025-{rng.randint(6, 10):02d}-{day:02d} {hour:02d}:14:51 UTC"  # fmt: skip


def _people(w: _Writer, owner: str) -> list[str]:
    rng = w.rng
    names = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(6)} - {owner})
    notes = (
        'Notes:\n"When exporting your connection data, you may notice that some of the '
        'email addresses are missing.\nYou will only see email addresses for connections '
        'who have allowed it."\n\n'
    ) if "notes" in w.quirks.on else ""  # fmt: skip
    rows = [
        [
            n.split()[0],
            n.split()[1],
            f"https://www.linkedin.com/in/{n.split()[0].lower()}",
            "",
            "Acme SA",
            "Data PM",
            f"{rng.randint(1, 28)} Mar 2019",
        ]
        for n in names
    ]
    w.csv("Connections.csv", ["First Name", "Last Name", "URL", "Email Address", "Company",
                              "Position", "Connected On"], rows, preamble=notes)  # fmt: skip
    if "Connections.csv" not in w.quirks.missing | w.quirks.empty:
        w.out.pii.extend(names)
    return names


def _profile(w: _Writer, owner: str) -> None:
    first, last = owner.split()
    w.csv("Profile.csv", ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date",
                          "Headline", "Summary", "Industry", "Geo Location"],
          [[first, last, "", "12 rue de la République, 69002 Lyon", "Mar 14, 1988",
            "Cheffe de projet data", "J'aide les équipes à publier des données fiables.",
            "IT", "Lyon, Auvergne-Rhône-Alpes, France"]], used=1)  # fmt: skip
    rng = w.rng
    n = rng.randint(0, 3)
    w.csv("Positions.csv", ["Company Name", "Title", "Description", "Location", "Started On",
                            "Finished On"],
          [[f"Acme {i}", "Data PM", "Pilotage de la plateforme.\nÉquipe de 6."
            if "multiline" in w.quirks.on else "Pilotage de la plateforme.", "Lyon",
            "Jan 2020", ""] for i in range(n)], used=n)  # fmt: skip
    w.csv("Education.csv", ["School Name", "Start Date", "End Date", "Notes", "Degree Name",
                            "Activities"],
          [["Université Lyon 2", "2008", "2010", "", "Master", ""]], used=1)  # fmt: skip
    n = rng.randint(1, 4)
    w.csv("Skills.csv", ["Name"], [[s] for s in ("SQL", "Python", "Gestion de projet",
                                                 "Statistique")[:n]], used=n)  # fmt: skip
    w.csv("Registration.csv", ["Registered At", "Registration Ip", "Subscription Types"],
          [["3/4/15, 10:00 AM", "192.0.2.7", ""]])  # fmt: skip
    w.csv("Email Addresses.csv", ["Email Address", "Confirmed", "Primary", "Updated On"],
          [[f"{first.lower()}@exemple.fr", "Yes", "Yes", "7 Mar 2019"]])  # fmt: skip


def _pii_sentence(w: _Writer, people: list[str]) -> str:
    rng = w.rng
    person = rng.choice(people)
    email = f"{person.split()[0].lower()}.{rng.randint(10, 99)}@exemple.fr"
    phone = f"+33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} 78"
    w.out.pii.extend([email, phone])
    return f"Écrivez à {person} ({email}, {phone})."


def _content(w: _Writer, people: list[str]) -> None:
    rng, alt = w.rng, "alt_dates" in w.quirks.on
    shares, used = [], 0
    for _ in range(rng.randint(0, 6)):
        text = rng.choice(WORDS) + " " + _pii_sentence(w, people)
        if "multiline" in w.quirks.on:
            text += "\n\n#data #privacy"
        visibility = rng.choice(("PUBLIC", "PUBLIC", "MEMBER_NETWORK"))
        used += visibility == "PUBLIC"
        shares.append([_date(rng, alt), "https://www.linkedin.com/feed/update/1", text, "", "",
                       visibility])  # fmt: skip
    w.csv("Shares.csv", ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl",
                         "Visibility"], shares, used=used)  # fmt: skip
    escaped = "escaped_quotes" in w.quirks.on
    comments = [[_date(rng, alt), "https://www.linkedin.com/feed/update/2",
                 ('Je dirais "bravo" ' if escaped else "Bravo ") + _pii_sentence(w, people)]
                for _ in range(rng.randint(0, 5))]  # fmt: skip
    w.csv("Comments.csv", ["Date", "Link", "Message"], comments, used=len(comments),
          escape=escaped)  # fmt: skip
    _never(w, people)
    _articles(w, people)


def _never(w: _Writer, people: list[str]) -> None:
    rng = w.rng
    messages = []
    for i in range(rng.randint(1, 4)):
        secret = f"Confidentiel {i}: mon salaire actuel est {rng.randint(40, 90)} k€ brut"
        messages.append([f"conv-{i}", "", rng.choice(people), "", "Moi", "",
                         f"2024/05/0{i + 1} 10:11:12 UTC", "", secret, "INBOX"])  # fmt: skip
        if "messages.csv" not in w.quirks.missing | w.quirks.empty:
            w.out.never_texts.append(secret)
    w.csv("messages.csv", ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL",
                           "TO", "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT",
                           "FOLDER"], messages)  # fmt: skip
    jobs = [[f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/25, 10:00 AM", "moi@exemple.fr",
             "+33 6 11 22 33 44", "Globex", "Head of Data", "", "CV.pdf",
             "Prétentions salariales: 75 k€"] for _ in range(rng.randint(1, 3))]  # fmt: skip
    w.csv(
        "Jobs/Job Applications.csv",
        [
            "Application Date",
            "Contact Email",
            "Contact Phone Number",
            "Company Name",
            "Job Title",
            "Job Url",
            "Resume Name",
            "Question And Answers",
        ],
        jobs,
    )
    w.csv(
        "Invitations.csv",
        ["From", "To", "Sent At", "Message", "Direction"],
        [[people[0], "Moi", "3/4/25, 10:00 AM", "Ravi de vous rencontrer", "INCOMING"]],
    )
    w.csv(
        "Reactions.csv",
        ["Date", "Type", "Link"],
        [["2025-06-02 08:14:51 UTC", "LIKE", "https://www.linkedin.com/feed/update/3"]],
    )
    endorse = [["2024/05/03 10:11:12 UTC", "SQL", *p.split(), "", "ACCEPTED"] for p in people[:2]]
    w.csv("Endorsement_Received_Info.csv", ["Endorsement Date", "Skill Name",
          "Endorser First Name", "Endorser Last Name", "Endorser Public Url",
          "Endorsement Status"], endorse, used=len(endorse))  # fmt: skip


def _articles(w: _Writer, people: list[str]) -> None:
    if "Articles" in w.quirks.missing:
        return
    for i in range(w.rng.randint(0, 2)):
        path = f"{w.prefix}Articles/Articles/article-{i}.html"
        body = f"<p>{w.rng.choice(WORDS)}. {_pii_sentence(w, people)}</p>"
        html = (
            f"<html><head><title>Article {i}</title></head><body><h1>Article {i}</h1>"
            f'<p class="created">Created on 2025-0{i + 3}-01 12:00</p>{body}</body></html>'
        )
        w.files[path] = html.encode("utf-8")
        w.out.rows[path], w.out.used[path] = 1, 1


def synth_export(seed: int = 0, quirks: Quirks | None = None) -> SynthExport:
    """A data export of one French member (born 1988, Lyon), with the quirks asked for."""
    quirks = quirks or Quirks()
    rng = random.Random(seed)
    out = SynthExport()
    w = _Writer(rng, quirks, out)
    owner = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    _profile(w, owner)
    people = _people(w, owner)
    _content(w, people)
    if "extra" in quirks.on:
        for name in ("Unknown_Report.csv", "README.txt"):
            w.files[w.prefix + name] = b"Column\nvalue\n"
            out.unknown_files.append(w.prefix + name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(w.files):
            archive.writestr(path, w.files[path])
    out.data = buffer.getvalue()
    return out
