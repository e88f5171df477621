"""What a bank file must hold: its fields and limits, checked node by node with every problem located."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from trainer.core.bank_yaml import fields_of, mapping_items, node_line, scalar_value, shown
from trainer.core.errors import BankError
from trainer.core.files import has_control
from trainer.core.models import KINDS, Bank, Kind, Question
from trainer.core.point_quality import check_point

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_POINT_CHARS = 120
MAX_TIME_LIMIT_S = 1800
BANK_KEYS = {"name", "kind", "time_limit", "questions", "description"}
QUESTION_KEYS = {"id", "text", "talking_points", "kind", "time_limit", "tip", "category"}


@dataclass
class BankCheck:
    """The result of checking one bank file: the bank (when usable) and every problem found."""

    path: Path
    bank: Bank | None = None
    problems: list[BankError] = field(default_factory=list)
    #: points that load but may not be checkable in an answer (only common words, too vague); never a problem
    warnings: list[BankError] = field(default_factory=list)
    #: the line of each question's entry, by id
    lines: dict[str, int] = field(default_factory=dict)


def validate_bank(path: Path, node: yaml.Node, result: BankCheck, *, builtin: bool) -> Bank | None:
    """The bank in `node`, adding every problem (and, for a user's bank, every warning) to `result`."""
    problems = result.problems
    items = mapping_items(node)
    if items is None:
        problems.append(BankError(path, node_line(node), "a bank must be a mapping with name and questions"))
        return None
    fields = fields_of(path, items, "", problems)
    for key, key_node, _ in items:
        if key not in BANK_KEYS:
            known = ", ".join(sorted(BANK_KEYS))
            problems.append(BankError(path, node_line(key_node), f"unknown field (known: {known})", key))

    name = None
    if "name" not in fields:
        problems.append(BankError(path, node_line(node), "missing (every bank needs a name)", "name"))
    else:
        name = _text(path, fields["name"][1], "name", problems)

    kind: Kind = "stock"
    if "kind" in fields:
        kind = _kind(path, fields["kind"][1], "kind", problems) or "stock"
    time_limit = _time_limit(path, fields["time_limit"][1], "time_limit", problems) if "time_limit" in fields else None
    if "description" in fields:
        # checked like any text: unchecked, it could carry a list or mapping (or an alias bomb) into imports
        _text(path, fields["description"][1], "description", problems)

    questions: list[Question] = []
    if "questions" not in fields:
        problems.append(BankError(path, node_line(node), "missing (a list of questions)", "questions"))
    else:
        qnode = fields["questions"][1]
        if not isinstance(qnode, yaml.SequenceNode) or not qnode.value:
            problems.append(BankError(path, node_line(qnode), "expected a non-empty list of questions", "questions"))
        else:
            seen: set[str] = set()
            for index, item in enumerate(qnode.value, start=1):
                question = _validate_question(
                    path,
                    item,
                    index,
                    kind,
                    problems,
                    bank_name=name or path.stem,
                    # the built-in points are vetted by their tests; checking them costs start-up time
                    warnings=None if builtin else result.warnings,
                )
                if question is None:
                    continue
                if question.time_limit is None and time_limit is not None:
                    # the bank's default applies to its questions that set none
                    question = replace(question, time_limit=time_limit)
                if question.id in seen:
                    problems.append(BankError(path, node_line(item), f"duplicate id {question.id!r}", "id"))
                    continue
                seen.add(question.id)
                result.lines[question.id] = node_line(item)
                questions.append(question)
    if name is None or not questions:
        return None
    return Bank(
        name=name,
        questions=tuple(questions),
        kind=kind,
        time_limit=time_limit,
        path=path,
        builtin=builtin,
    )


def _validate_question(
    path: Path,
    node: yaml.Node,
    index: int,
    bank_kind: Kind,
    problems: list[BankError],
    *,
    bank_name: str,
    warnings: list[BankError] | None,
) -> Question | None:
    where = f"questions[{index}]"
    items = mapping_items(node)
    if items is None:
        problems.append(BankError(path, node_line(node), "expected a mapping with id and text", where))
        return None
    before = len(problems)
    fields = fields_of(path, items, f"{where}.", problems)
    for key, key_node, _ in items:
        if key not in QUESTION_KEYS:
            known = ", ".join(sorted(QUESTION_KEYS))
            problems.append(BankError(path, node_line(key_node), f"unknown field (known: {known})", f"{where}.{key}"))
    qid = None
    if "id" not in fields:
        problems.append(BankError(path, node_line(node), "missing", f"{where}.id"))
    else:
        qid = _text(path, fields["id"][1], f"{where}.id", problems)
        if qid is not None and not ID_PATTERN.match(qid):
            problems.append(
                BankError(
                    path,
                    node_line(fields["id"][1]),
                    f"{qid!r} must be lower-case letters, digits and dashes",
                    f"{where}.id",
                )
            )
    text = None
    if "text" not in fields:
        problems.append(BankError(path, node_line(node), "missing", f"{where}.text"))
    else:
        text = _text(path, fields["text"][1], f"{where}.text", problems)
    points: tuple[str, ...] = ()
    if "talking_points" in fields:
        points = _points(path, fields["talking_points"][1], f"{where}.talking_points", problems, warnings)
    kind = _kind(path, fields["kind"][1], f"{where}.kind", problems) if "kind" in fields else bank_kind
    limit = (
        _time_limit(path, fields["time_limit"][1], f"{where}.time_limit", problems) if "time_limit" in fields else None
    )
    tip = _text(path, fields["tip"][1], f"{where}.tip", problems) if "tip" in fields else None
    category = _text(path, fields["category"][1], f"{where}.category", problems) if "category" in fields else None
    if len(problems) > before or qid is None or text is None:
        return None
    return Question(
        id=qid,
        text=text,
        kind=kind or bank_kind,
        talking_points=points,
        time_limit=limit,
        tip=tip,
        bank=bank_name,
        category=category,
    )


def _text(path: Path, node: yaml.Node, field_name: str, problems: list[BankError]) -> str | None:
    value = scalar_value(node)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        problems.append(BankError(path, node_line(node), "expected text", field_name))
        return None
    text = " ".join(str(value).split())
    if not text:
        problems.append(BankError(path, node_line(node), "must not be empty", field_name))
        return None
    if has_control(text):
        problems.append(
            BankError(path, node_line(node), "contains a control character (an escape sequence?)", field_name)
        )
        return None
    return text


def _kind(path: Path, node: yaml.Node, field_name: str, problems: list[BankError]) -> Kind | None:
    value = scalar_value(node)
    for kind in KINDS:
        if value == kind:
            return kind
    problems.append(BankError(path, node_line(node), f"{shown(value)} is not one of {', '.join(KINDS)}", field_name))
    return None


def _time_limit(path: Path, node: yaml.Node, field_name: str, problems: list[BankError]) -> int | None:
    value = scalar_value(node)
    if isinstance(value, bool) or not isinstance(value, int) or not 5 <= value <= MAX_TIME_LIMIT_S:
        problems.append(
            BankError(
                path,
                node_line(node),
                f"expected whole seconds from 5 to {MAX_TIME_LIMIT_S}, got {shown(value)}",
                field_name,
            )
        )
        return None
    return value


def _points(
    path: Path, node: yaml.Node, field_name: str, problems: list[BankError], warnings: list[BankError] | None
) -> tuple[str, ...]:
    """The three points; with `warnings` (None: not checked), each is also checked for being checkable."""
    if not isinstance(node, yaml.SequenceNode):
        problems.append(BankError(path, node_line(node), "expected a list of three points", field_name))
        return ()
    if len(node.value) != 3:
        problems.append(
            BankError(path, node_line(node), f"expected exactly three points, got {len(node.value)}", field_name)
        )
        return ()
    points = []
    for i, item in enumerate(node.value, start=1):
        text = _text(path, item, f"{field_name}[{i}]", problems)
        if text is None:
            return ()
        if len(text) > MAX_POINT_CHARS:
            problems.append(
                BankError(
                    path,
                    node_line(item),
                    f"at most {MAX_POINT_CHARS} characters, got {len(text)}",
                    f"{field_name}[{i}]",
                )
            )
            return ()
        flag = check_point(text) if warnings is not None else None
        if flag is not None and warnings is not None:
            found = BankError(path, node_line(item), flag.line("the point"), f"{field_name}[{i}]")
            if flag.refused:
                problems.append(found)
                return ()
            warnings.append(found)
        points.append(text)
    return tuple(points)
