"""The grades package stands on its own: the admin area uses it, never the other way round."""
import ast
from pathlib import Path

GRADES = Path(__file__).resolve().parents[2] / "lti_tool" / "grades"


def test_grades_does_not_import_the_admin_area():
    offenders = []
    for path in GRADES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")] + [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n.startswith(("..admin", "lti_tool.admin")) or n == "admin" for n in names):
                offenders.append(path.name)
    assert not offenders
