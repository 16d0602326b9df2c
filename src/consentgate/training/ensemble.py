"""The shard models of a version used together: their next-token distributions averaged.

Averaging probabilities (not logits) is SISA's aggregation for a generative model: each
shard model votes with its full distribution, so removing a shard's data changes only its
vote. With a base model, each shard's model is the base with that shard's adapter merged in.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consentgate.errors import ModelError
from consentgate.training.adapters import merged_with_adapter
from consentgate.training.base import describe
from consentgate.training.config import TrainConfig
from consentgate.training.registry import ModelInfo
from consentgate.training.tokenizer import ByteTokenizer, HFTokenizer, TextTokenizer
from consentgate.training.trainer import build_model, context_length, load_weights

if TYPE_CHECKING:
    import torch

CONFIG_FILE = "config.json"


@dataclass
class Ensemble:
    """The loaded shard models of one model version, and their tokenizer."""

    models: list[Any]
    n_ctx: int
    tokenizer: TextTokenizer

    @classmethod
    def load(cls, info: ModelInfo) -> Ensemble:
        """Load every non-empty shard of a model version (CPU, eval mode)."""
        files = _shard_files(info)
        base = info.manifest.get("base")
        config = TrainConfig(**info.manifest["config"])
        if base:
            base_path = Path(base["path"])
            if describe(base_path).sha256 != base["sha256"]:
                raise ModelError(
                    f"model {info.version}: base {base_path} is not the one it was trained on"
                )
            base_model = build_model(config, str(base_path))
            models = [merged_with_adapter(base_model, config, f) for f in files]
            tokenizer: TextTokenizer = HFTokenizer(base_path)
            n_ctx = context_length(base_model, config)
        else:
            models = [_byte_model(info, f) for f in files]
            tokenizer = ByteTokenizer()
            n_ctx = int(models[0].config.n_positions)
        for model in models:
            model.eval()
        return cls(models, n_ctx, tokenizer)

    def next_probs(self, ids: torch.Tensor) -> torch.Tensor:
        """Mean next-token distribution after each sequence of a batch [B, T] → [B, V]."""
        return self.position_probs(ids[:, -self.n_ctx :], last_only=True)[:, -1]

    def position_probs(self, ids: torch.Tensor, *, last_only: bool = False) -> torch.Tensor:
        """Mean next-token distribution at every position [B, T] → [B, T, V] (or [B, 1, V])."""
        import torch

        keep = 1 if last_only else 0  # 0 = every position
        with torch.no_grad():
            total = None
            for model in self.models:
                logits = model(input_ids=ids, logits_to_keep=keep).logits.float()
                probs = torch.softmax(logits, dim=-1)
                total = probs if total is None else total + probs
        assert total is not None
        return total / len(self.models)

    def token_logprobs(self, ids: torch.Tensor) -> torch.Tensor:
        """log P(ids[:, t+1] | ids[:, :t+1]) under the averaged distribution, [B, T-1]."""
        import torch

        probs = self.position_probs(ids[:, :-1])
        picked = probs.gather(-1, ids[:, 1:, None])[..., 0]
        return torch.log(picked.clamp_min(1e-30))


class Decoder:
    """Token-by-token decoding of one sequence with each shard model's key/value cache, so
    each new token costs one position per model; the distributions are averaged as in
    `Ensemble.next_probs`. Past the context length it starts again on the last half."""

    def __init__(self, ensemble: Ensemble, ids: list[int]) -> None:
        self.ensemble = ensemble
        self.ids = list(ids)
        self._prime(self.ids[-(ensemble.n_ctx - 1) :])

    def _prime(self, ids: list[int]) -> None:
        import torch

        self.length = len(ids)
        self._run(torch.tensor([ids], dtype=torch.long), [None] * len(self.ensemble.models))

    def _run(self, ids: torch.Tensor, caches: list[Any]) -> None:
        import torch

        outputs = []
        with torch.no_grad():
            for model, cache in zip(self.ensemble.models, caches, strict=True):
                extra = {} if cache is None else {cache_argument(model): cache}
                outputs.append(model(input_ids=ids, use_cache=True, logits_to_keep=1, **extra))
        self._caches = [cache_of(o) for o in outputs]
        probs = [torch.softmax(o.logits[0, -1].float(), -1) for o in outputs]
        self.probs = torch.stack(probs).mean(0)

    def push(self, token: int) -> None:
        """Append a token; `probs` becomes the distribution of the next one."""
        import torch

        self.ids.append(token)
        if self.length + 1 >= self.ensemble.n_ctx:
            self._prime(self.ids[-(self.ensemble.n_ctx // 2) :])
            return
        self.length += 1
        self._run(torch.tensor([[token]], dtype=torch.long), self._caches)


# transformers 5.x renamed the key/value cache "cache" (in and out) and deprecates the
# old name, which releases before it still need.
def cache_argument(model: Any) -> str:
    parameters = inspect.signature(type(model).forward).parameters
    return "cache" if "cache" in parameters else "past_key_values"


def cache_of(output: Any) -> Any:
    return output["cache"] if "cache" in output else output.past_key_values


def _shard_files(info: ModelInfo) -> list[Path]:
    files = []
    for entry in info.manifest["shards"]:
        if not entry.get("file"):
            continue  # a shard without records has no model and no vote
        if not (info.path / entry["file"]).is_file():
            raise ModelError(
                f"model {info.version}: shard {entry['shard']} weights were purged after a "
                "member was forgotten; use a newer model version"
            )
        files.append(info.path / entry["file"])
    if not files:
        raise ModelError(f"model {info.version} has no trained shard")
    return files


def _byte_model(info: ModelInfo, file: Path) -> Any:
    from transformers import GPT2Config, GPT2LMHeadModel

    config_path = info.path / CONFIG_FILE
    if not config_path.is_file():
        raise ModelError(f"{config_path}: missing model architecture file")
    return load_weights(GPT2LMHeadModel(GPT2Config.from_json_file(str(config_path))), file)
