"""``--in-place`` on links: a symbolic link stays a link, a hard-linked file keeps its inode."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links")

BEFORE = "John · Rawls spoke.\n"
AFTER = "John Rawls spoke.\n"


def test_in_place_on_a_symlink_repairs_its_target(tmp_path: Path) -> None:
    real = tmp_path / "store" / "a.txt"
    real.parent.mkdir()
    real.write_text(BEFORE, encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "a.txt"
    link.symlink_to(Path("store") / "a.txt")
    res = CliRunner().invoke(app, ["fix", "-i", str(link)])
    assert res.exit_code == 0, res.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("store") / "a.txt")
    assert real.read_text(encoding="utf-8") == AFTER
    assert real.stat().st_mode & 0o777 == 0o640
    backup = tmp_path / "a.txt.bak"  # beside the name given, a plain file
    assert not backup.is_symlink() and backup.read_text(encoding="utf-8") == BEFORE
    assert sorted(p.name for p in real.parent.iterdir()) == ["a.txt"]


def test_in_place_on_a_hard_linked_file_keeps_the_inode(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(BEFORE * 50, encoding="utf-8")
    other = tmp_path / "other-name.txt"
    os.link(a, other)
    inode = a.stat().st_ino
    res = CliRunner().invoke(app, ["fix", "-i", str(a)])
    assert res.exit_code == 0, res.stderr
    assert a.stat().st_ino == inode and a.stat().st_nlink == 2
    assert other.read_text(encoding="utf-8") == AFTER * 50  # every name sees the repair
    assert (tmp_path / "a.txt.bak").read_text(encoding="utf-8") == BEFORE * 50
    assert (tmp_path / "a.txt.bak").stat().st_nlink == 1


def test_a_plain_file_is_still_replaced_atomically(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(BEFORE, encoding="utf-8")
    inode = a.stat().st_ino
    res = CliRunner().invoke(app, ["fix", "-i", str(a)])
    assert res.exit_code == 0, res.stderr
    assert a.read_text(encoding="utf-8") == AFTER and a.stat().st_ino != inode
