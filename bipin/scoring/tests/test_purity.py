"""The scoring core stays pure: no Django, no file or network I/O."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
FORBIDDEN = ("django", "bipin.io", "openpyxl", "yaml", "pandas", "requests", "socket", "sqlite3")


class TestPurity:
    def test_no_module_imports_a_forbidden_package(self):
        for path in CORE.glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                )
                for name in names:
                    assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"

    def test_importing_the_core_loads_no_django(self):
        code = (
            "import sys, bipin.scoring, bipin.scoring.evaluate; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'openpyxl', 'yaml', 'pandas')]; "
            "print(','.join(bad))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == ""

    def test_no_open_calls(self):
        for path in CORE.glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            calls = [
                n
                for n in ast.walk(tree)
                if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "open"
            ]
            assert not calls, path.name
