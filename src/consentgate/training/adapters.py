"""Per-shard LoRA adapters (peft) on a frozen base model: what a shard trains, and forgets.

The base's weights never change; a shard's part is the low-rank matrices alone, initialised
from the shard seed. Retraining a shard from the same base, data, config and seed gives the
same adapter bit for bit (single thread, deterministic kernels: trainer.deterministic_torch).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consentgate.errors import ModelError
from consentgate.training.config import TrainConfig

if TYPE_CHECKING:
    import torch

# GPT-2 keeps its projections in Conv1D layers (weights stored transposed).
_GPT2_TARGETS = ["c_attn", "c_proj", "c_fc"]


def lora_config(config: TrainConfig, model_type: str) -> Any:
    """The peft LoRA configuration of a shard adapter for a base of `model_type`."""
    from peft import LoraConfig

    gpt2 = model_type == "gpt2"
    return LoraConfig(
        r=config.lora_rank,
        lora_alpha=config.lora_alpha,
        lora_dropout=0.0,
        bias="none",
        target_modules=_GPT2_TARGETS if gpt2 else "all-linear",
        fan_in_fan_out=gpt2,
        task_type="CAUSAL_LM",
    )


def with_adapter(model: Any, config: TrainConfig) -> Any:
    """The base wrapped with a fresh adapter (from the global torch seed); base frozen."""
    from peft import get_peft_model

    return get_peft_model(model, lora_config(config, str(model.config.model_type)))


def adapter_state(model: Any) -> dict[str, torch.Tensor]:
    """The adapter's tensors only (what a shard file holds)."""
    from peft import get_peft_model_state_dict

    state = get_peft_model_state_dict(model)
    return {k: v.detach().cpu().contiguous() for k, v in state.items()}


def save_adapter(model: Any, path: Path) -> str:
    """Write the adapter as safetensors; return the file's SHA-256."""
    from safetensors.torch import save_file

    save_file(adapter_state(model), str(path), metadata={"format": "pt"})
    return hashlib.sha256(path.read_bytes()).hexdigest()


def merged_with_adapter(base: Any, config: TrainConfig, path: Path) -> Any:
    """A copy of `base` with the adapter of `path` merged in (for fast generation)."""
    import copy

    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    model = with_adapter(copy.deepcopy(base), config)
    result = set_peft_model_state_dict(model, load_file(str(path)))
    if getattr(result, "unexpected_keys", None):
        raise ModelError(f"{path}: adapter does not match the base and configuration")
    return model.merge_and_unload()
