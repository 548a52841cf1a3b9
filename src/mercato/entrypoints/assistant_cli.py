"""`mercato assistant ...`: evaluate the intent model (and ECD answer selection), convert the Bitext CSV.

Exit status: 0 on success, 2 on usage errors (a missing file, a row without "text" or "intent").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

SHARED_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
ECD_DIR = SHARED_DATA / "zh_customer_service_ecd_atec"


def cmd_evaluate(args: argparse.Namespace) -> int:
    from mercato.contexts.assistant.understanding import benchmark
    from mercato.contexts.assistant.understanding.corpus import UtteranceFileError

    try:
        sets = [benchmark.file_set(Path(args.utterances))] if args.utterances else \
            benchmark.project_sets(include_dev=args.dev)
    except (OSError, UtteranceFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    models, trained_texts = benchmark.build_models(seed=args.seed)
    report: dict[str, Any] = {"seed": args.seed, "intents": []}
    for labelled in sets:
        result = benchmark.evaluate_set(labelled, models, trained_texts, seed=args.seed)
        report["intents"].append(result)
        _print_intent_table(result)
    if args.cv:
        report["own_training_cross_validation"] = cv = benchmark.cross_validate_own(seed=args.seed)
        print(f"\n== {cv['folds']}-fold cross-validation on our own training corpora ({cv['count']} utterances) ==")
        for lang in ("en", "zh"):
            print(f"  {lang}: accuracy {cv[lang]['accuracy']:.3f} (n={cv[lang]['count']}), "
                  f"macro-F1 {cv[lang]['macro_f1']:.3f}")
    ecd_file = Path(args.ecd) if args.ecd else ECD_DIR / "ecd_sample_test.tsv"
    if args.ecd or (not args.utterances and ecd_file.exists()):
        if not ecd_file.exists():
            print(f"error: {ecd_file} does not exist", file=sys.stderr)
            return 2
        selection = benchmark.evaluate_answer_selection(ecd_file, ecd_file.with_name("ecd_sample_train.tsv"),
                                                        seed=args.seed)
        report["answer_selection"] = selection
        _print_selection_table(selection)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


def _print_intent_table(result: dict[str, Any]) -> None:
    langs = sorted(result["languages"])
    counts = ", ".join(f"{lang} {n}" for lang, n in sorted(result["languages"].items()))
    print(f"\n== {result['name']}: {result['count']} utterances ({counts}); {result['unseen_count']} with a text"
          " not in the training data ==")
    header = f"{'model':44} {'acc':>6} {'95% CI':>13} {'mF1':>6}"
    header += "".join(f" {lang + ' acc':>7} {lang + ' mF1':>7}" for lang in langs)
    print(header + f" {'unseen acc':>10} {'cat acc':>7}")
    for name, entry in result["models"].items():
        low, high = entry["all"]["accuracy_ci95"]
        interval = f"{low:.3f}-{high:.3f}"
        line = f"{name:44} {entry['all']['accuracy']:6.3f} {interval:>13} {entry['all']['macro_f1']:6.3f}"
        line += "".join(f" {entry[lang]['accuracy']:7.3f} {entry[lang]['macro_f1']:7.3f}" for lang in langs)
        print(line + f" {entry['unseen_text']['accuracy']:10.3f} {entry['category_accuracy']:7.3f}")
    shipped = next(iter(result["models"].values()))
    if shipped["worst_intents"]:
        print("worst intents of the shipped model (F1, support: taken for)")
        for worst in shipped["worst_intents"]:
            taken = ", ".join(f"{m['intent']} ×{m['count']}" for m in worst["mistaken_for"])
            print(f"  {worst['intent']:26} {worst['f1']:.3f} {worst['support']:4}: {taken}")


def _print_selection_table(selection: dict[str, Any]) -> None:
    print(f"\n== answer selection, Taobao ECD sample: {selection['contexts']} contexts × 10 candidates "
          f"({selection['file']}) ==")
    print(f"{'ranker':44}" + "".join(f" {m:>19}" for m in ("R10@1", "R10@2", "R10@5", "MRR")))
    for name, metrics in selection["rankers"].items():
        cells = []
        for metric in ("R10@1", "R10@2", "R10@5", "MRR"):
            cell = metrics[metric]
            ci = f" ({cell['ci95'][0]:.2f}-{cell['ci95'][1]:.2f})" if "ci95" in cell else ""
            value = f"{cell['value']:.3f}{ci}"
            cells.append(f" {value:>19}")
        print(f"{name:44}" + "".join(cells))


def cmd_convert_bitext(args: argparse.Namespace) -> int:
    from mercato.contexts.assistant.understanding.corpus import (
        BITEXT_SHARES,
        BITEXT_SPLIT_SEED,
        UtteranceFileError,
        bitext_split,
        read_bitext_csv,
        write_utterances,
    )

    try:
        rows = read_bitext_csv(Path(args.input))
    except (OSError, UtteranceFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    split = bitext_split(rows)
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    for part in ("train", "dev", "test"):
        count = write_utterances(out / f"bitext_{part}.jsonl", getattr(split, part))
        print(f"{out / f'bitext_{part}.jsonl'}: {count} utterances")
    train_share, dev_share = BITEXT_SHARES
    print(f"{len(rows)} rows; deduplicated on lower-cased text; per intent {train_share:.0%} train / "
          f"{dev_share:.0%} dev / rest test, shuffled with seed {BITEXT_SPLIT_SEED}")
    return 0


def cmd_containment(args: argparse.Namespace) -> int:
    from mercato.contexts.assistant.public import containment_report
    from mercato.contexts.identity import public as identity

    user_id = identity.user_id_by_email(args.shopper)
    if not user_id:
        print(f"error: no account {args.shopper} (seed the demo first: mercato seed-demo)", file=sys.stderr)
        return 2
    print(containment_report(user_id=user_id).table())
    return 0


def add_commands(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser("assistant", help="assistant commands")
    commands = parser.add_subparsers(dest="assistant_command", required=True)
    evaluate = commands.add_parser("evaluate", help="intent accuracy and macro-F1; ECD answer selection")
    evaluate.add_argument("--utterances", help='JSONL {"text", "intent"[, "lang"]} (default: the project\'s sets)')
    evaluate.add_argument("--json", help="also write the figures to this JSON file")
    evaluate.add_argument("--seed", type=int, default=0, help="seed of the model and the bootstrap intervals")
    evaluate.add_argument("--dev", action="store_true", help="also report the development sets")
    evaluate.add_argument("--cv", action="store_true", help="also cross-validate on our own training corpora")
    evaluate.add_argument("--ecd", help="ECD sample test file (default: ../shared/data/... when present)")
    evaluate.set_defaults(fn=cmd_evaluate)
    convert = commands.add_parser("convert-bitext", help="write the fixed Bitext train/dev/test split as JSONL")
    convert.add_argument("--input", required=True, help="Bitext_Sample_Customer_Support_Training_Dataset.csv")
    convert.add_argument("--output-dir", required=True)
    convert.set_defaults(fn=cmd_convert_bitext)
    containment = commands.add_parser("containment", help="scripted conversations on the demo marketplace: share "
                                      "resolved without a person, share handed over when they must be (rolled back)")
    containment.add_argument("--shopper", default="shopper@mercato.demo", help="the shopper whose orders they use")
    containment.set_defaults(fn=cmd_containment)
