"""Training configurations: the `tiny`, `demo` and `small` presets, or a TOML/JSON file."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentgate.errors import ConfigError


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """The base model (GPT-2 architecture, pre-trained on non-member text) and the per-shard
    LoRA adapters trained on it; without a base (`--base bytes`), whole byte-level models."""

    name: str
    n_layer: int
    n_head: int
    n_embd: int
    n_ctx: int
    steps: int
    batch_size: int
    lr: float
    weight_decay: float = 0.0
    warmup_steps: int = 10
    dropout: float = 0.0
    heldout_percent: int = 10
    eval_blocks: int = 32
    # the per-shard part: a LoRA adapter of this rank on every attention and MLP projection
    lora_rank: int = 8
    lora_alpha: int = 16
    # the base model pre-trained once on non-member text (training.base), its BPE vocabulary
    vocab_size: int = 1024
    base_texts: int = 4000
    base_steps: int = 300
    base_batch_size: int = 16
    base_lr: float = 3e-3

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def with_overrides(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed (tests use fewer steps)."""
        return dataclasses.replace(self, **changes)


PRESETS: dict[str, TrainConfig] = {
    # what tests use: a base of seconds, adapters of a fraction of a second
    "tiny": TrainConfig(
        name="tiny",
        n_layer=2,
        n_head=2,
        n_embd=64,
        n_ctx=128,
        steps=300,
        batch_size=8,
        lr=3e-3,
        vocab_size=512,
        base_texts=1500,
        base_steps=120,
        base_batch_size=8,
    ),
    # the default of `train` and `make demo`: a base of a few minutes on 2 cores, once
    "demo": TrainConfig(
        name="demo",
        n_layer=4,
        n_head=4,
        n_embd=128,
        n_ctx=128,
        steps=150,
        batch_size=8,
        lr=2e-3,
        vocab_size=1024,
        base_texts=6000,
        base_steps=600,
        base_batch_size=16,
        base_lr=3e-3,
    ),
    "small": TrainConfig(
        name="small", n_layer=4, n_head=4, n_embd=256, n_ctx=256, steps=400, batch_size=8, lr=1e-3
    ),
}

_FIELDS = {f.name: f.type for f in dataclasses.fields(TrainConfig)}


def load_config(name_or_path: str | Path) -> TrainConfig:
    """A preset by name, or a TOML/JSON file whose keys override a preset (`base`, default tiny)."""
    if str(name_or_path) in PRESETS:
        return PRESETS[str(name_or_path)]
    path = Path(name_or_path)
    if not path.is_file():
        raise ConfigError(
            f"--config: {name_or_path!r} is neither a preset ({', '.join(PRESETS)}) nor a file"
        )
    data = _read_file(path)
    return config_from_dict(data, source=str(path))


def config_from_dict(data: dict[str, Any], *, source: str = "config") -> TrainConfig:
    """Build a config from a mapping; unknown keys and wrong types are one-line errors."""
    base_name = str(data.get("base", "tiny"))
    if base_name not in PRESETS:
        raise ConfigError(f"{source}: base: unknown preset {base_name!r}")
    values = PRESETS[base_name].to_dict()
    values["name"] = str(data.get("name", Path(source).stem if source != "config" else base_name))
    for key, value in data.items():
        if key in ("base", "name"):
            continue
        if key not in _FIELDS:
            raise ConfigError(f"{source}: {key}: unknown setting")
        expected = type(values[key])
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{source}: {key}: expected {expected.__name__}, got {value!r}")
        values[key] = value
    config = TrainConfig(**values)
    _validate(config, source)
    return config


def _validate(config: TrainConfig, source: str) -> None:
    positive = ("n_layer", "n_head", "n_embd", "n_ctx", "steps", "batch_size", "lora_rank",
                "vocab_size", "base_texts", "base_steps", "base_batch_size")  # fmt: skip
    for key in positive:
        if getattr(config, key) <= 0:
            raise ConfigError(f"{source}: {key}: must be positive")
    if config.n_embd % config.n_head:
        raise ConfigError(f"{source}: n_embd: must be a multiple of n_head ({config.n_head})")
    if config.vocab_size < 300:
        raise ConfigError(f"{source}: vocab_size: must be at least 300 (256 bytes + merges)")
    if not 0 <= config.heldout_percent < 100:
        raise ConfigError(f"{source}: heldout_percent: must be in [0, 100)")


def _read_file(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not valid {path.suffix.lstrip('.') or 'JSON'}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a table of settings")
    return data
