"""The ``devtriage model train`` / ``devtriage model eval`` commands (registered by
:func:`register`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

#: Where the public text corpora are by default: the shared data folder beside the repo.
SHARED_TEXT = Path("../shared/data/text")
CORPUS = Path("data/chat")


def _shared(path: Path | None) -> Path | None:
    if path is not None:
        return path
    return SHARED_TEXT if SHARED_TEXT.is_dir() else None


def _corpus(path: Path) -> Path:
    if not path.is_dir():
        raise click.UsageError(f"corpus folder {path} not found: run from the repository root or pass --corpus")
    return path


@click.group("model")
def model() -> None:
    """Train and evaluate the shipped threat-language model (models/README.md).

    Training uses the project's chat corpus (data/chat, its train split) and the
    Davidson tweets from the shared text folder; HateCheck and the corpus's held-out
    split are only ever evaluated on.
    """


@model.command("train")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for threat.model, threat.npz and training.json (e.g. models/).")
@click.option("--corpus", "corpus_dir", default=CORPUS, show_default=True, type=click.Path(path_type=Path),
              help="The chat corpus folder.")
@click.option("--shared", "shared_text", default=None, type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder with davidson_labeled_data.csv [default: {SHARED_TEXT} if present].")
def train_cmd(out: Path, corpus_dir: Path, shared_text: Path | None) -> None:
    """Train the tokenizer and every head; the same inputs give the same files."""
    from .text.train import train

    shared = _shared(shared_text)
    if shared is None:
        click.echo("warning: no shared text folder; training on the chat corpus only", err=True)
    summary = train(_corpus(corpus_dir), shared, out, log=lambda s: click.echo(s, err=True))
    click.echo(f"wrote {out}/threat.model, threat.npz, training.json ({summary['rows']} training rows)")


@model.command("eval")
@click.option("--model", "model_dir", default=None, type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Model folder [default: the installed model].")
@click.option("--corpus", "corpus_dir", default=CORPUS, show_default=True, type=click.Path(path_type=Path),
              help="The chat corpus folder (its held-out split is evaluated).")
@click.option("--shared", "shared_text", default=None, type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder with hatecheck_test_suite_cases.csv [default: {SHARED_TEXT} if present].")
@click.option("--json", "json_out", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the figures as JSON here.")
def eval_cmd(model_dir: Path | None, corpus_dir: Path, shared_text: Path | None, json_out: Path | None) -> None:
    """Held-out figures with 95% intervals: corpus held-out split, idioms/banter, HateCheck."""
    from .text.evaluate import evaluate
    from .text.model import ModelError

    try:
        res = evaluate(model_dir, _corpus(corpus_dir), _shared(shared_text))
    except ModelError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(report(res))
    if json_out:
        json_out.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def report(res: dict) -> str:
    h = res["heldout"]
    lines = [f"held-out chat corpus: {h['messages']} messages from {h['templates']} templates",
             f"  {'family':13s} {'pos':>5s} {'precision':>20s} {'recall':>20s} {'ROC-AUC':>20s} {'R@P0.8':>7s}"]
    for fam, m in h["families"].items():
        def cell(k):
            lo, hi = m[k + "_ci"]
            return f"{m[k]:.3f} [{lo:.3f}-{hi:.3f}]"
        lines.append(f"  {fam:13s} {m['positives']:5d} {cell('precision'):>20s} {cell('recall'):>20s} {cell('roc_auc'):>20s}"
                     f" {m['recall_at_precision_0.8']:7.3f}")
    i = res["idioms"]
    lines.append(f"idioms and banter (held-out): {i['flagged']}/{i['messages']} flagged, "
                 f"FPR {i['fpr']:.4f} [{i['fpr_ci'][0]:.4f}-{i['fpr_ci'][1]:.4f}]")
    hc = res["hatecheck"]
    if "skipped" in hc:
        lines.append(f"HateCheck: skipped ({hc['skipped']})")
    else:
        lo, hi = hc["roc_auc_ci"]
        lines.append(f"HateCheck threats ({hc['threat_cases']}) vs non-hateful ({hc['non_hateful_cases']}): "
                     f"ROC-AUC {hc['roc_auc']:.4f} [{lo:.4f}-{hi:.4f}], recall {hc['recall']:.3f}, FPR {hc['fpr']:.3f}")
    return "\n".join(lines)


def register(main: click.Group) -> None:
    main.add_command(model)
