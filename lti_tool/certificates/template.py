"""The certificate's template as data: a JSON file (``LATIH_CERT_TEMPLATE``, default ``default_template.json`` next
to this module) the institution copies and changes — logo, wording with placeholders, the signatory's block, the
QR code's place. Loaded and checked once when the app starts: an unknown placeholder, a missing logo file or a
logo on the network (nothing is fetched at render time) refuses to start with a message naming the file."""
import json
import os

from .fields import PLACEHOLDERS, placeholders_of

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PATH = os.path.join(HERE, "default_template.json")


class TemplateError(ValueError):
    pass


def _number(section, key, default, where):
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise TemplateError(f"{where}.{key} must be a number of millimetres (or points), not {value!r}")
    return float(value)


def _text(value, where):
    if not isinstance(value, str):
        raise TemplateError(f"{where} must be a text")
    try:
        placeholders_of(value)
    except ValueError as exc:
        raise TemplateError(f"{where}: {exc}") from exc
    return value


def _condition(block, key, where):
    name = block.get(key)
    if name is not None and name not in PLACEHOLDERS:
        raise TemplateError(f"{where}.{key}: {name!r} is not a placeholder")
    return name


def _logo(data, folder):
    logo = data.get("logo") or {}
    path = (logo.get("path") or "").strip()
    if not path:
        return None
    if "://" in path:
        raise TemplateError("logo.path must be a file on this server: nothing is fetched while a certificate is made")
    full = path if os.path.isabs(path) else os.path.join(folder, path)
    if not os.path.isfile(full):
        raise TemplateError(f"logo.path: no file {full}")
    return {"path": full, "x": _number(logo, "x", 133.5, "logo"), "y": _number(logo, "y", 10, "logo"),
            "w": _number(logo, "w", 30, "logo")}


def parse(data, folder):
    """A checked template (a dict) from the JSON's data; ``folder``: where relative paths start."""
    if not isinstance(data, dict):
        raise TemplateError("the template is a JSON object")
    blocks = []
    for i, block in enumerate(data.get("blocks") or []):
        where = f"blocks[{i}]"
        if not isinstance(block, dict):
            raise TemplateError(f"{where} is an object with a text")
        blocks.append({"text": _text(block.get("text", ""), where + ".text"),
                       "size": _number(block, "size", 11, where), "gap": _number(block, "gap", 0, where),
                       "bold": bool(block.get("bold")), "if": _condition(block, "if", where),
                       "unless": _condition(block, "unless", where)})
    if not blocks:
        raise TemplateError("blocks: a certificate needs at least one line of text")
    sign = data.get("signatory") or {}
    signatory = {"x": _number(sign, "x", 185, "signatory"), "y": _number(sign, "y", 148, "signatory"),
                 "w": _number(sign, "w", 90, "signatory"), "size": _number(sign, "size", 11, "signatory"),
                 "lines": [_text(line, f"signatory.lines[{i}]") for i, line in enumerate(sign.get("lines") or [])]}
    qr = data.get("qr") or {}
    return {
        "logo": _logo(data, folder), "border": bool(data.get("border", True)),
        "top": _number(data, "top", 22, "template"), "margin": _number(data, "margin", 25, "template"),
        "blocks": blocks, "signatory": signatory,
        "qr": {"x": _number(qr, "x", 25, "qr"), "y": _number(qr, "y", 150, "qr"),
               "size": _number(qr, "size", 32, "qr"), "caption": _text(qr.get("caption", ""), "qr.caption"),
               "caption_size": _number(qr, "caption_size", 7, "qr")},
    }


def load(path=None):
    """The template of ``path`` (default: the shipped one); TemplateError naming the file when it cannot serve."""
    path = path or DEFAULT_PATH
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise TemplateError(f"{path}: cannot be read as JSON ({exc})") from exc
    try:
        return parse(data, os.path.dirname(os.path.abspath(path)))
    except TemplateError as exc:
        raise TemplateError(f"{path}: {exc}") from exc
