"""YAML reading that remembers where every value came from, and YAML writing in our house style.

`load_located(path)` composes the document (C parser when present) and builds plain Python
values from the nodes while recording each value's line and column, so any validation problem
— from pydantic or from our own checks — can be reported as `file:line:column: message`.
Never `yaml.load`: scalars are built by the safe constructor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 40


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Located:
    """A loaded document: its plain value and the mark of every path in it."""

    file: str
    value: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)

    def mark(self, path: Sequence[str | int]) -> Mark:
        """The mark of the deepest existing node on `path` (a missing key points at its parent)."""
        key = tuple(path)
        while key and key not in self.marks:
            key = key[:-1]
        return self.marks.get(key, Mark(1, 1))

    def where(self, path: Sequence[str | int]) -> str:
        m = self.mark(path)
        return f"{self.file}:{m.line}:{m.column}"


class YamlProblem(Exception):
    """A file that is not readable YAML; the message is `file:line:column: message`."""


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, file: str, problems: list[str]):
        self.file = file
        self.problems = problems
        self.marks: dict[Path_, Mark] = {}
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        self.marks[path] = _mark(node)
        if depth > MAX_DEPTH:
            m = _mark(node)
            raise YamlProblem(
                f"{self.file}:{m.line}:{m.column}: nested more than {MAX_DEPTH} levels deep"
            )
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    m = _mark(key_node)
                    self.problems.append(f"{self.file}:{m.line}:{m.column}: a key must be a plain word")
                    continue
                key = self.constructor.construct_object(key_node)
                if key == "<<":
                    m = _mark(key_node)
                    self.problems.append(f"{self.file}:{m.line}:{m.column}: merge keys (<<) are not supported")
                    continue
                if not isinstance(key, str):
                    key = str(key)
                if key in result:
                    m = _mark(key_node)
                    self.problems.append(f"{self.file}:{m.line}:{m.column}: duplicate key '{key}'")
                result[key] = self.build(value_node, (*path, key), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node)
        except ValueError:
            # e.g. a timestamp-looking scalar that is no real date ("2024-13-45"): keep the text
            # and let the schema say what is wrong with it, at this node's line and column.
            return node.value


def load_located(path: Path, *, display: str | None = None) -> tuple[Located | None, list[str]]:
    """Read one YAML file. Returns the document (or None) and the problems found reading it."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [f"{name}:1:1: cannot read the file ({exc.strerror or exc})"]
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1_000_000
        return None, [f"{name}:1:1: the file is {size / 1e6:.0f} MB; corpus files over {limit} MB are refused"]
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [f"{name}:{line}:{column}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"]
    except OSError as exc:
        return None, [f"{name}:1:1: cannot read the file ({exc.strerror or exc})"]
    return load_located_text(text, name=name)


def load_located_text(text: str, *, name: str) -> tuple[Located | None, list[str]]:
    """Like `load_located`, from a string."""
    problems: list[str] = []
    if not text.strip():
        return None, [f"{name}:1:1: the file is empty"]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        line, col = (m.line + 1, m.column + 1) if m else (1, 1)
        what = exc.problem or "malformed YAML"
        return None, [f"{name}:{line}:{col}: not valid YAML: {what}"]
    except yaml.YAMLError as exc:
        return None, [f"{name}:1:1: not valid YAML: {exc}"]
    except RecursionError:
        return None, [f"{name}:1:1: nested too deeply to read"]
    if node is None:
        return None, [f"{name}:1:1: the file is empty"]
    builder = _Builder(name, problems)
    try:
        value = builder.build(node, ())
    except YamlProblem as exc:
        return None, [str(exc)]
    except yaml.constructor.ConstructorError as exc:
        m = exc.problem_mark
        line, col = (m.line + 1, m.column + 1) if m else (1, 1)
        return None, [f"{name}:{line}:{col}: {exc.problem}"]
    except (ValueError, RecursionError) as exc:
        return None, [f"{name}:1:1: cannot read a value: {exc}"]
    return Located(name, value, builder.marks), problems


# ---------------------------------------------------------------------------- writing


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """Block style, keys in the order given, multi-line text as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data and _literal_safe(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    if any(ch in data for ch in "\x85\u2028\u2029\r"):
        # YAML line breaks other than \n would be folded on reading; escape them.
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _literal_safe(text: str) -> bool:
    # A literal block cannot hold these faithfully; double quotes will do instead.
    return not any(ch in text for ch in "\r\t\x85\u2028\u2029\ufeff") and all(
        ch == "\n" or ch.isprintable() or ch == "\u00a0" for ch in text
    )


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v.isoformat()))


def dump_yaml(value: Any) -> str:
    """Serialise plain values in the corpus house style. Bodies keep trailing spaces and NBSPs.

    PyYAML's emitter refuses literal blocks for text with trailing spaces; we emit those
    ourselves (see `_emit_literal_bodies`), so bodies stay readable and byte-exact.
    """
    text = yaml.dump(
        value,
        Dumper=_PyDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return text


class _PyEmitter(yaml.emitter.Emitter):
    """The pure-Python emitter, allowing literal blocks for text with trailing spaces.

    YAML literal block scalars preserve trailing white space on a line; PyYAML only refuses
    them to keep editors from stripping it. Our bodies must stay verbatim, so we allow it and
    the round-trip tests prove the text comes back identical.
    """

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        super().increase_indent(flow, False)

    def analyze_scalar(self, scalar: str):  # type: ignore[no-untyped-def]
        analysis = super().analyze_scalar(scalar)
        if "\n" in scalar and _literal_safe(scalar) and not analysis.allow_block:
            lines = scalar.split("\n")
            leading_space_first = scalar[:1] == " "
            if not leading_space_first and not any(line.startswith(" ") and not line.strip() for line in lines):
                analysis.allow_block = True
        return analysis


class _PyDumper(
    _PyEmitter,
    yaml.serializer.Serializer,
    yaml.representer.SafeRepresenter,
    yaml.resolver.Resolver,
):
    def __init__(self, stream, default_style=None, default_flow_style=False, canonical=None,  # type: ignore[no-untyped-def]
                 indent=None, width=None, allow_unicode=None, line_break=None, encoding=None,
                 explicit_start=None, explicit_end=None, version=None, tags=None, sort_keys=True):
        _PyEmitter.__init__(self, stream, canonical=canonical, indent=indent, width=width,
                            allow_unicode=allow_unicode, line_break=line_break)
        yaml.serializer.Serializer.__init__(self, encoding=encoding, explicit_start=explicit_start,
                                            explicit_end=explicit_end, version=version, tags=tags)
        yaml.representer.SafeRepresenter.__init__(self, default_style=default_style,
                                                  default_flow_style=default_flow_style,
                                                  sort_keys=sort_keys)
        yaml.resolver.Resolver.__init__(self)


_PyDumper.add_representer(str, _str_representer)
_PyDumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v.isoformat()))


def iter_yaml_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their *.yaml / *.yml files (sorted), keep files as given."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*") if q.suffix in {".yaml", ".yml"} and q.is_file()))
        else:
            found.append(p)
    return found
