"""The parts a build plugs together: the policy engine, the ledger's member states and the
workspace redactor; tests give their own."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import faker
import phonenumbers
import pyarrow as pa
from sqlalchemy.orm import Session

import consentgate
import consentgate.redact
from consentgate.pipeline import snapshot
from consentgate.pipeline.shardwork import ShardComponents
from consentgate.pipeline.stages import DecideFn, RedactorLike
from consentgate.policy import Policy, decide_batch
from consentgate.redact import NameIndex, Redactor, SuppressionList, detect_language

StatesFn = Callable[[Session, dt.datetime, Policy], pa.Table]


@dataclass(slots=True)
class BuildComponents:
    """The parts a build plugs together; `default_components()` gives the real ones."""

    decide: DecideFn
    states: StatesFn
    shard: ShardComponents


@dataclass(frozen=True, slots=True)
class RedactorFactory:
    """Builds the workspace redactor from member names and the suppression list (erased
    members' names as keyed hashes); a picklable top-level callable."""

    strategy: str = "placeholder"

    def __call__(
        self,
        names: Sequence[str],
        suppressed: SuppressionList | None = None,
        index: NameIndex | None = None,
    ) -> RedactorLike:
        """The redactor of these names, or of a name index built once for the build."""
        return Redactor(
            member_names=tuple(names), strategy=self.strategy, suppressed=suppressed,
            name_index=index,
        )  # fmt: skip

    @property
    def id(self) -> str:
        """Names the redactor's behaviour: its strategy and a digest of its code and data.

        Part of every shard fingerprint, so a changed recogniser (or Faker / phonenumbers
        version, whose data it reads) never lets an incremental build reuse a stale shard.
        """
        return f"consentgate.redact.Redactor/{self.strategy}/{redactor_code_digest()}"


@functools.cache
def redactor_code_digest() -> str:
    """BLAKE2b over consentgate.redact's source files and its data libraries' versions."""
    digest = hashlib.blake2b(digest_size=8)
    root = Path(consentgate.redact.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".json", ".toml"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\x00")
            digest.update(path.read_bytes())
    for lib in (consentgate, faker, phonenumbers):
        digest.update(f"{lib.__name__}={getattr(lib, '__version__', '?')}".encode())
    return digest.hexdigest()


def default_components() -> BuildComponents:
    """The policy engine, the ledger's member states and the workspace redactor."""
    factory = RedactorFactory()
    return BuildComponents(
        decide=decide_batch,
        states=snapshot.member_states,
        shard=ShardComponents(factory, detect_language, factory.id),
    )
