"""Run every compiled regular expression of ogi on pathological strings built from its own characters.

Run as a script: prints "slow <module>.<name> <seconds> <string>" for any pattern that takes over a second on
one string, and "done" at the end. The test runs it in a subprocess with a timeout, so a pattern that
backtracks super-linearly shows up as a timeout or a "slow" line, never as a flaky timed assertion.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time

import ogi

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
_META = set("\\^$.|?*+()[]{}")


def patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for info in pkgutil.walk_packages(ogi.__path__, "ogi."):
        if info.name.startswith(("ogi.web", "ogi.office.migrations", "ogi.__main__")):
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception:  # noqa: BLE001, S112 - an optional dependency missing: nothing to audit there
            continue
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern) and (info.name, attr) not in {(n, a) for n, a, _ in found}:
                found.append((info.name, attr, value))
    return [(f"{n}.{a}", p) for n, a, p in found]


def alphabet(p: re.Pattern) -> list[str]:
    src = p.pattern if isinstance(p.pattern, str) else p.pattern.decode("latin-1")
    chars = {c for c in src if c not in _META}
    chars |= {" ", "-", "1", "\t", "\u3000", "年", "a", "|", "<", "\n"}
    return sorted(chars)


def cases(p: re.Pattern) -> list[str]:
    chars = alphabet(p)
    out = [c * N for c in chars]
    out += [(a + b) * (N // 2) for a, b in zip(chars, chars[1:], strict=False)]
    out += [c * N + "\x00" for c in chars]
    src = p.pattern if isinstance(p.pattern, str) else p.pattern.decode("latin-1")
    words = [w for w in re.split(r"[\\^$.|?*+()\[\]{}]+", src) if w]
    out += [(w + " ") * (N // (len(w) + 1)) for w in words[:20]]
    return out


def main() -> None:
    for name, p in patterns():
        for s in cases(p):
            subject = s if isinstance(p.pattern, str) else s.encode("utf-8")
            t = time.perf_counter()
            p.search(subject)
            p.match(subject)
            p.split(subject, maxsplit=50)
            took = time.perf_counter() - t
            if took > 1.0:
                sys.stdout.write(f"slow {name} {took:.1f} {s[:12]!r}x{len(s)}\n")
                break
    sys.stdout.write("done\n")


if __name__ == "__main__":
    main()
