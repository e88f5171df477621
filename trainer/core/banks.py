"""Load and validate question banks (YAML, safe_load only), locating every problem by file, line and field."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from trainer.core.errors import BankError
from trainer.core.files import FileProblem, has_control, read_bytes
from trainer.core.models import KINDS, Bank, Kind, Question
from trainer.core.point_quality import check_point

#: libyaml's safe loader when present (several times faster at start-up), else the pure-Python one
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_BANK_BYTES = 5 * 1024 * 1024
MAX_POINT_CHARS = 120
MAX_TIME_LIMIT_S = 1800
#: far deeper than any bank needs (4 levels); libyaml's composer recurses in C, so deeper input could crash the process
MAX_DEPTH = 32
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


@dataclass
class LoadedBanks:
    """Every usable bank, and the problems that kept banks or questions out."""

    banks: list[Bank]
    problems: list[BankError]
    #: points that load but may not be checkable (see BankCheck.warnings)
    warnings: list[BankError] = field(default_factory=list)

    def questions(self) -> list[Question]:
        """All questions of all banks, in bank order."""
        return [q for bank in self.banks for q in bank.questions]

    def find(self, question_id: str) -> Question | None:
        """The question with this id, if any bank has it."""
        return next((q for q in self.questions() if q.id == question_id), None)


def check_bank(path: Path, *, builtin: bool = False) -> BankCheck:
    """Read and validate one bank file; never raises for bad content."""
    result = BankCheck(path=path)
    try:
        raw = read_bytes(path, MAX_BANK_BYTES, what="bank")
        if b"\x00" in raw[:8192]:
            raise BankError(path, None, "not a text file")
        text = raw.decode("utf-8-sig")
    except BankError as exc:
        result.problems.append(exc)
        return result
    except FileProblem as exc:
        result.problems.append(BankError(path, None, exc.reason))
        return result
    except UnicodeDecodeError:
        result.problems.append(BankError(path, None, "not UTF-8 text"))
        return result
    node = _compose(path, text, result.problems)
    if node is not None:
        bank = _validate_bank(path, node, result, builtin=builtin)
        # a bank with any problem is not used: half a bank would hide the problem
        result.bank = None if result.problems else bank
    return result


def load_bank(path: Path, *, builtin: bool = False) -> Bank:
    """Load one bank, raising the first problem as a BankError."""
    result = check_bank(path, builtin=builtin)
    if result.problems:
        raise result.problems[0]
    assert result.bank is not None
    return result.bank


def load_banks(paths: Iterable[tuple[Path, bool]]) -> LoadedBanks:
    """Load many banks (path, builtin); a bad bank never stops the others, duplicate ids are reported."""
    banks: list[Bank] = []
    problems: list[BankError] = []
    warnings: list[BankError] = []
    seen: dict[str, Path] = {}
    for path, builtin in paths:
        result = check_bank(path, builtin=builtin)
        problems.extend(result.problems)
        warnings.extend(result.warnings)
        if result.bank is None or result.problems:
            continue
        kept = []
        for question in result.bank.questions:
            if question.id in seen:
                line = result.lines.get(question.id)
                problems.append(
                    BankError(path, line, f"duplicate id {question.id!r}, also in {seen[question.id]}", "id")
                )
                continue
            seen[question.id] = path
            kept.append(question)
        if kept:  # a bank whose every question is a duplicate has nothing to offer
            banks.append(replace(result.bank, questions=tuple(kept)))
    return LoadedBanks(banks=banks, problems=problems, warnings=warnings)


def discover_bank_files(builtin_dir: Path, user_dir: Path | None) -> list[tuple[Path, bool]]:
    """The built-in bank files then the user's, each as (path, builtin), in a stable order."""
    found = [(p, True) for p in sorted(builtin_dir.glob("*.yaml"))]
    if user_dir is not None and user_dir.is_dir():
        found += [(p, False) for p in sorted([*user_dir.glob("*.yaml"), *user_dir.glob("*.yml")])]
    return found


def select_banks(loaded: LoadedBanks, wanted: Sequence[str]) -> list[Bank]:
    """The loaded banks matching each name (case-insensitive) or file stem; BankError for an unknown one."""
    chosen: list[Bank] = []
    for name in wanted:
        key = name.strip().lower()
        match = next(
            (b for b in loaded.banks if b.name.lower() == key or (b.path is not None and b.path.stem.lower() == key)),
            None,
        )
        if match is None:
            names = ", ".join(repr(b.name) for b in loaded.banks) or "none"
            raise BankError(Path(name), None, f"no bank of that name or file (banks: {names})")
        if match not in chosen:
            chosen.append(match)
    return chosen


def with_user_points(banks: Sequence[Bank], overrides: Mapping[str, Sequence[str]]) -> list[Bank]:
    """The banks with the user's own three points in place of a bank's suggested ones."""
    if not overrides:
        return list(banks)
    return [
        replace(
            bank,
            questions=tuple(
                replace(q, talking_points=tuple(overrides[q.id])) if q.id in overrides else q for q in bank.questions
            ),
        )
        for bank in banks
    ]


# --- parsing -------------------------------------------------------------------------------------------


def _compose(path: Path, text: str, problems: list[BankError]) -> yaml.Node | None:
    try:
        deep = _too_deep(text)
        if deep is not None:
            problems.append(BankError(path, deep, f"nested more than {MAX_DEPTH} levels deep; not a bank"))
            return None
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problems.append(BankError(path, line, f"not valid YAML: {exc.problem or exc.context}"))
        return None
    except yaml.reader.ReaderError as exc:
        # e.g. a control character: located by character position, not by a mark
        line = text.count("\n", 0, exc.position) + 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        problems.append(BankError(path, line, f"not valid YAML: {exc.reason} ({char})"))
        return None
    except yaml.YAMLError as exc:
        problems.append(BankError(path, None, f"not valid YAML: {exc}"))
        return None
    except RecursionError:
        problems.append(BankError(path, None, "nested too deeply to be a bank"))
        return None
    if node is None:
        problems.append(BankError(path, 1, "the file is empty"))
        return None
    before = len(problems)
    try:
        _check_tags(path, node, "", problems, set())
    except RecursionError:
        problems.append(BankError(path, None, "nested too deeply to be a bank"))
    return node if len(problems) == before else None


def _too_deep(text: str) -> int | None:
    """The line where nesting first goes past MAX_DEPTH, found from the parser's events (which never recurse)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return int(event.start_mark.line) + 1 if event.start_mark is not None else 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # Some parsers (libyaml from PyYAML 6.0.4) scan ahead and stop deep nesting themselves, before the
        # event that would cross our limit: the same problem, so it gets the same message.
        if "nesting depth" not in str(exc.problem):
            raise
        mark = exc.problem_mark or exc.context_mark
        return mark.line + 1 if mark is not None else 1
    return None


#: The tags the safe loader knows; anything else (e.g. !!python/object/apply) is refused wherever it appears.
SAFE_TAGS = frozenset(tag for tag in yaml.SafeLoader.yaml_constructors if tag)


def _check_tags(path: Path, node: yaml.Node, where: str, problems: list[BankError], seen: set[int]) -> None:
    """Report every node with a tag outside plain YAML; nothing is ever constructed from it."""
    if id(node) in seen:  # an alias (possibly recursive) to a node already checked
        return
    seen.add(id(node))
    if node.tag not in SAFE_TAGS:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        problems.append(BankError(path, _line(node), f"tag {tag} is not allowed in a bank", where or None))
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value, start=1):
            _check_tags(path, item, f"{where}[{index}]", problems, seen)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else _shown(key_node)
            inner = f"{where}.{key}" if where else str(key)
            _check_tags(path, key_node, inner, problems, seen)
            _check_tags(path, value_node, inner, problems, seen)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: yaml.Node) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    items = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else _shown(key_node)
        items.append((str(key), key_node, value_node))
    return items


def _shown(value: Any) -> str:
    """A value as the user wrote it, for messages (never a yaml Node's internal repr)."""
    if isinstance(value, yaml.SequenceNode):
        return "a list"
    if isinstance(value, yaml.MappingNode):
        return "a mapping"
    return repr(value)


def _fields(
    path: Path, items: list[tuple[str, yaml.Node, yaml.Node]], prefix: str, problems: list[BankError]
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The mapping's fields by name; a field given twice is an error (YAML would silently keep the last)."""
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, key_node, value in items:
        if key in fields:
            line = _line(fields[key][0])
            problems.append(BankError(path, _line(key_node), f"given twice (first on line {line})", prefix + key))
            continue
        fields[key] = (key_node, value)
    return fields


def _scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node, using only the safe constructor."""
    if not isinstance(node, yaml.ScalarNode):
        return node
    try:
        # a bare constructor: no reader or scanner, and only the safe tags
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except ValueError:  # e.g. an integer of more than 4300 digits
        return None
    except yaml.YAMLError:
        # an unsupported tag (e.g. !!python/object): never constructed, reported as a wrong type
        return None


def _validate_bank(path: Path, node: yaml.Node, result: BankCheck, *, builtin: bool) -> Bank | None:
    problems = result.problems
    items = _mapping(node)
    if items is None:
        problems.append(BankError(path, _line(node), "a bank must be a mapping with name and questions"))
        return None
    fields = _fields(path, items, "", problems)
    for key, key_node, _ in items:
        if key not in BANK_KEYS:
            known = ", ".join(sorted(BANK_KEYS))
            problems.append(BankError(path, _line(key_node), f"unknown field (known: {known})", key))

    name = None
    if "name" not in fields:
        problems.append(BankError(path, _line(node), "missing (every bank needs a name)", "name"))
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
        problems.append(BankError(path, _line(node), "missing (a list of questions)", "questions"))
    else:
        qnode = fields["questions"][1]
        if not isinstance(qnode, yaml.SequenceNode) or not qnode.value:
            problems.append(BankError(path, _line(qnode), "expected a non-empty list of questions", "questions"))
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
                    problems.append(BankError(path, _line(item), f"duplicate id {question.id!r}", "id"))
                    continue
                seen.add(question.id)
                result.lines[question.id] = _line(item)
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
    items = _mapping(node)
    if items is None:
        problems.append(BankError(path, _line(node), "expected a mapping with id and text", where))
        return None
    before = len(problems)
    fields = _fields(path, items, f"{where}.", problems)
    for key, key_node, _ in items:
        if key not in QUESTION_KEYS:
            known = ", ".join(sorted(QUESTION_KEYS))
            problems.append(BankError(path, _line(key_node), f"unknown field (known: {known})", f"{where}.{key}"))
    qid = None
    if "id" not in fields:
        problems.append(BankError(path, _line(node), "missing", f"{where}.id"))
    else:
        qid = _text(path, fields["id"][1], f"{where}.id", problems)
        if qid is not None and not ID_PATTERN.match(qid):
            problems.append(
                BankError(
                    path,
                    _line(fields["id"][1]),
                    f"{qid!r} must be lower-case letters, digits and dashes",
                    f"{where}.id",
                )
            )
    text = None
    if "text" not in fields:
        problems.append(BankError(path, _line(node), "missing", f"{where}.text"))
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
    value = _scalar(node)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        problems.append(BankError(path, _line(node), "expected text", field_name))
        return None
    text = " ".join(str(value).split())
    if not text:
        problems.append(BankError(path, _line(node), "must not be empty", field_name))
        return None
    if has_control(text):
        problems.append(BankError(path, _line(node), "contains a control character (an escape sequence?)", field_name))
        return None
    return text


def _kind(path: Path, node: yaml.Node, field_name: str, problems: list[BankError]) -> Kind | None:
    value = _scalar(node)
    for kind in KINDS:
        if value == kind:
            return kind
    problems.append(BankError(path, _line(node), f"{_shown(value)} is not one of {', '.join(KINDS)}", field_name))
    return None


def _time_limit(path: Path, node: yaml.Node, field_name: str, problems: list[BankError]) -> int | None:
    value = _scalar(node)
    if isinstance(value, bool) or not isinstance(value, int) or not 5 <= value <= MAX_TIME_LIMIT_S:
        problems.append(
            BankError(
                path,
                _line(node),
                f"expected whole seconds from 5 to {MAX_TIME_LIMIT_S}, got {_shown(value)}",
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
        problems.append(BankError(path, _line(node), "expected a list of three points", field_name))
        return ()
    if len(node.value) != 3:
        problems.append(
            BankError(path, _line(node), f"expected exactly three points, got {len(node.value)}", field_name)
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
                    _line(item),
                    f"at most {MAX_POINT_CHARS} characters, got {len(text)}",
                    f"{field_name}[{i}]",
                )
            )
            return ()
        flag = check_point(text) if warnings is not None else None
        if flag is not None and warnings is not None:
            found = BankError(path, _line(item), flag.line("the point"), f"{field_name}[{i}]")
            if flag.refused:
                problems.append(found)
                return ()
            warnings.append(found)
        points.append(text)
    return tuple(points)
