"""Nu HTML Checker (vnu.jar from npm's vnu-jar) for the validity tests."""

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require

VNU = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"


def validate_html(pages, tmp_path):
    """pages: {name: html}. Returns a list of error messages (empty when all are valid)."""
    if not VNU.exists() or not shutil.which("java"):
        require("BROWSER", "the Nu HTML checker is not installed (npm install; needs java)")
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html if isinstance(html, str) else html.decode("utf-8"), encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(  # noqa: S603
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
