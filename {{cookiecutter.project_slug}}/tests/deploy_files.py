"""Readers for the files of deploy/ that no library here parses: nginx configuration and
.dockerignore patterns, each as far as this project's files use them."""

import re
from dataclasses import dataclass, field
from pathlib import Path

_NGINX_TOKEN = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*|[{};]|[^\s{};\"'#]+")
_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
_TIME_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


@dataclass
class Block:
    """An nginx block: its directives (name, arguments) and its child blocks, in order."""

    name: str = ""
    args: tuple[str, ...] = ()
    directives: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    blocks: list["Block"] = field(default_factory=list)

    def values(self, name: str) -> list[tuple[str, ...]]:
        return [args for directive, args in self.directives if directive == name]

    def value(self, name: str) -> tuple[str, ...] | None:
        found = self.values(name)
        return found[-1] if found else None

    def children(self, name: str) -> list["Block"]:
        return [block for block in self.blocks if block.name == name]


def parse_nginx(text: str) -> Block:
    tokens = [token for token in _NGINX_TOKEN.findall(text) if not token.startswith("#")]
    root, end = _parse_block(tokens, 0, Block())
    assert end == len(tokens), "unbalanced braces"
    return root


def _parse_block(tokens: list[str], index: int, block: Block) -> tuple[Block, int]:
    words: list[str] = []
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == ";":
            block.directives.append((words[0], tuple(words[1:])))
            words = []
        elif token == "{":
            child, index = _parse_block(tokens, index, Block(words[0], tuple(words[1:])))
            block.blocks.append(child)
            words = []
        elif token == "}":
            assert not words, f"directive without ';' before '}}': {words}"
            return block, index
        else:
            words.append(token[1:-1] if token[:1] in "\"'" else token)
    assert not words, f"directive without ';' at the end: {words}"
    return block, index


def with_includes(server: Block, includes: dict[str, Block]) -> Block:
    """``server`` with each ``include`` replaced by the named file's directives and blocks."""
    merged = Block(server.name, server.args, blocks=list(server.blocks))
    for name, args in server.directives:
        if name == "include":
            included = includes[args[0]]
            merged.directives.extend(included.directives)
            merged.blocks.extend(included.blocks)
        else:
            merged.directives.append((name, args))
    return merged


def matching_location(server: Block, path: str) -> Block:
    """The location nginx picks for ``path``: an exact match, else the longest prefix."""
    locations = server.children("location")
    assert all(len(location.args) in (1, 2) for location in locations)
    modifiers = {location.args[0] for location in locations if len(location.args) == 2}
    assert modifiers <= {"="}, f"only exact and prefix locations are checked here: {modifiers}"
    exact = [location for location in locations if location.args == ("=", path)]
    if exact:
        return exact[0]
    prefixes = [
        location
        for location in locations
        if len(location.args) == 1 and path.startswith(location.args[0])
    ]
    assert prefixes, f"no location serves {path}"
    return max(prefixes, key=lambda location: len(location.args[0]))


def effective(name: str, *scopes: Block) -> tuple[str, ...] | None:
    """A directive's value where nginx applies it: the innermost scope that sets it."""
    for scope in scopes:
        value = scope.value(name)
        if value is not None:
            return value
    return None


def size_in_bytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", value.lower()).groups()
    return int(number) * _SIZE_UNITS[unit]


def seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([smh]?)", value.lower()).groups()
    return int(number) * _TIME_UNITS[unit]


def dockerignore_patterns(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def is_ignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves ``path`` (relative, with /) out of the build context: the last
    pattern matching it or one of its parent directories decides; ``!`` takes back."""
    parts = path.strip("/").split("/")
    candidates = ["/".join(parts[: end + 1]) for end in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        regex = _pattern_regex(pattern.removeprefix("!").strip("/"))
        if any(regex.fullmatch(candidate) for candidate in candidates):
            ignored = not negated
    return ignored


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out += "(?:.*/)?"
            index += 3
        elif pattern.startswith("**", index):
            out += ".*"
            index += 2
        elif pattern[index] == "*":
            out += "[^/]*"
            index += 1
        elif pattern[index] == "?":
            out += "[^/]"
            index += 1
        elif pattern[index] == "[":
            end = pattern.index("]", index)
            out += pattern[index : end + 1]
            index = end + 1
        else:
            out += re.escape(pattern[index])
            index += 1
    return re.compile(out)
