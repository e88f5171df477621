"""A bank's YAML read safely: composed to nodes with a depth cap, unsafe tags refused, values built by the
safe constructor only; and the node helpers validation uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from trainer.core.errors import BankError

#: libyaml's safe loader when present (several times faster at start-up), else the pure-Python one
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: far deeper than any bank needs (4 levels); libyaml's composer recurses in C, so deeper input could crash the process
MAX_DEPTH = 32


def compose(path: Path, text: str, problems: list[BankError]) -> yaml.Node | None:
    """The file's YAML as nodes, or None with the problems added: never constructs a Python object."""
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
        check_tags(path, node, "", problems, set())
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


def check_tags(path: Path, node: yaml.Node, where: str, problems: list[BankError], seen: set[int]) -> None:
    """Report every node with a tag outside plain YAML; nothing is ever constructed from it."""
    if id(node) in seen:  # an alias (possibly recursive) to a node already checked
        return
    seen.add(id(node))
    if node.tag not in SAFE_TAGS:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        problems.append(BankError(path, node_line(node), f"tag {tag} is not allowed in a bank", where or None))
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value, start=1):
            check_tags(path, item, f"{where}[{index}]", problems, seen)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else shown(key_node)
            inner = f"{where}.{key}" if where else str(key)
            check_tags(path, key_node, inner, problems, seen)
            check_tags(path, value_node, inner, problems, seen)


def node_line(node: yaml.Node) -> int:
    """The 1-based line a node starts on."""
    return int(node.start_mark.line) + 1


def mapping_items(node: yaml.Node) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
    """(key, key node, value node) of a mapping node, or None when the node is not a mapping."""
    if not isinstance(node, yaml.MappingNode):
        return None
    items = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else shown(key_node)
        items.append((str(key), key_node, value_node))
    return items


def shown(value: Any) -> str:
    """A value as the user wrote it, for messages (never a yaml Node's internal repr)."""
    if isinstance(value, yaml.SequenceNode):
        return "a list"
    if isinstance(value, yaml.MappingNode):
        return "a mapping"
    return repr(value)


def fields_of(
    path: Path, items: list[tuple[str, yaml.Node, yaml.Node]], prefix: str, problems: list[BankError]
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The mapping's fields by name; a field given twice is an error (YAML would silently keep the last)."""
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, key_node, value in items:
        if key in fields:
            line = node_line(fields[key][0])
            problems.append(BankError(path, node_line(key_node), f"given twice (first on line {line})", prefix + key))
            continue
        fields[key] = (key_node, value)
    return fields


def scalar_value(node: yaml.Node) -> Any:
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
