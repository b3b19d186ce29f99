"""Vendor axe-core for the accessibility browser tests: download the pinned npm tarball from registry.npmjs.org,
check its integrity hash (the registry's sha512), and write axe.min.js and LICENSE here. A test asset, never served
by the app. To update: set VERSION and INTEGRITY from https://registry.npmjs.org/axe-core/<version> (dist.integrity)
and run `python tests/web/vendor/update_axe.py`."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.10.2"
INTEGRITY = "sha512-RE3mdQ7P3FRSe7eqCWoeQ/Z9QXrtniSjp1wUjt5nRC3WIpz5rSCve6o3fsZ2aCpJtrZjSZgjwXAoTO5k4tEI0w=="
HERE = Path(__file__).resolve().parent


def main() -> None:
    url = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
    data = urllib.request.urlopen(url, timeout=60).read()  # noqa: S310 - a fixed https URL
    got = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if got != INTEGRITY:
        raise SystemExit(f"integrity mismatch for {url}: {got}")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member, target in (("package/axe.min.js", "axe.min.js"), ("package/LICENSE", "LICENSE")):
            extracted = tar.extractfile(member)
            assert extracted is not None
            (HERE / target).write_bytes(extracted.read())
    (HERE / "VERSION").write_text(VERSION + "\n")
    print(f"axe-core {VERSION} written to {HERE}")  # noqa: T201 - a maintainer script


if __name__ == "__main__":
    main()
