"""Which labels a PromQL expression reads, and whether each is on the series as the backend stores it.

Parsed with promql-parser. For every selector matcher, ``by``/``without`` grouping, ``on``/
``group_left``/``group_right`` join and ``label_replace`` source label, the label must exist on the
input series, and where the exporter itself sets that label it must still be the exporter's value
(not overwritten by a scrape target label of the same name: ``clobbered``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import promql_parser as pp

Labels = dict[str, str]  # label -> "ok" | "clobbered"
Lookup = Callable[[str], Labels | None]  # metric -> its stored labels (None: not judged)


class LabelChecker:
    """Walks one expression, collecting the problems with the labels it reads."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.problems: list[str] = []

    def _need(self, labels: Labels | None, names: list[str], what: str) -> None:
        if labels is None:
            return
        for name in names:
            state = labels.get(name)
            if state is None:
                self.problems.append(f"{what}: label {name!r} is not on the series (has {sorted(labels)})")
            elif state == "clobbered":
                self.problems.append(
                    f"{what}: label {name!r} is the scrape target's, not the exporter's "
                    f"(the exporter's value is exported_{name})"
                )

    def labels(self, e: Any) -> Labels | None:
        """The labels on the output of ``e`` (None: a scalar, a string or a series not judged)."""
        if isinstance(e, pp.VectorSelector):
            stored = self.lookup(e.name) if e.name else None
            names = [m.name for m in e.matchers.matchers if m.name != "__name__"]
            self._need(stored, names, f"{e.name} selector")
            return dict(stored) if stored is not None else None
        if isinstance(e, pp.MatrixSelector):
            return self.labels(e.vector_selector)
        if isinstance(e, (pp.ParenExpr, pp.SubqueryExpr, pp.UnaryExpr)):
            return self.labels(e.expr)
        if isinstance(e, pp.AggregateExpr):
            inner = self.labels(e.expr)
            if e.param is not None:
                self.labels(e.param)
            if inner is None:
                return None
            modifier = e.modifier
            if modifier is None:
                return {}
            names = list(modifier.labels)
            if str(modifier.type).endswith("By"):
                self._need(inner, names, f"{e.op} by ({', '.join(names)})")
                return {n: inner.get(n, "ok") for n in names}
            return {k: v for k, v in inner.items() if k not in names}
        if isinstance(e, pp.Call):
            return self._call(e)
        if isinstance(e, pp.BinaryExpr):
            return self._binary(e)
        return None  # number or string literal

    def _call(self, e: Any) -> Labels | None:
        args = list(e.args)
        name = e.func.name
        outs = [self.labels(a) for a in args]
        vectors = [o for o in outs if o is not None]
        if name == "label_replace":
            src, dst = args[3].val, args[1].val
            self._need(outs[0], [src], f"label_replace(..., {dst!r}, ..., {src!r})")
            return {**(outs[0] or {}), dst: "ok"} if outs[0] is not None else None
        if name == "histogram_quantile" and len(outs) == 2 and outs[1] is not None:
            self._need(outs[1], ["le"], "histogram_quantile")
            return {k: v for k, v in outs[1].items() if k != "le"}
        return vectors[0] if vectors else None

    def _binary(self, e: Any) -> Labels | None:
        lhs, rhs = self.labels(e.lhs), self.labels(e.rhs)
        modifier = e.modifier
        matching = modifier.matching if modifier is not None else None
        if lhs is None or rhs is None:
            return lhs if lhs is not None else rhs
        on = matching is not None and str(matching.type).endswith("Include")  # on (...); Exclude: ignoring
        names = list(matching.labels) if matching is not None else []
        if on:
            self._need(lhs, names, f"{e.op} on ({', '.join(names)}) left side")
            self._need(rhs, names, f"{e.op} on ({', '.join(names)}) right side")
        card = str(modifier.card) if modifier is not None else ""
        extra = list(modifier.group_labels or ()) if modifier is not None else []
        if card.endswith("ManyToOne"):
            self._need(rhs, extra, "group_left")
            return {**lhs, **{n: rhs.get(n, "ok") for n in extra}}
        if card.endswith("OneToMany"):
            self._need(lhs, extra, "group_right")
            return {**rhs, **{n: lhs.get(n, "ok") for n in extra}}
        if on and card.endswith("OneToOne") and str(e.op) not in ("and", "or", "unless"):
            return {n: lhs.get(n, "ok") for n in names}
        return lhs


def label_problems(expr: str, lookup: Lookup) -> list[str]:
    """Every label ``expr`` reads that is missing or not the exporter's on the stored series."""
    checker = LabelChecker(lookup)
    checker.labels(pp.parse(expr))
    return checker.problems
