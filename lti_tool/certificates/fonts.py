"""Fonts for certificates, fast: DejaVu Sans parsed whole costs fpdf2 ~0.4 s a document, so each process cuts it
once to the Latin-1 letters, punctuation and symbols a certificate uses (about 30 KB a style, written next to the
app's instance files) and embeds that; a text with a character outside the cut (a name in another script) gets the
whole font, as before. Nothing is fetched: both come from ``static/fonts``."""
import hashlib
import os
import threading

COVERED = frozenset([*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2027), 0x20AC, 0x2122, 0x2713,
                     0x2717])
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_made = {}


def _cut(source, target):
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(notdef_outline=True, recommended_glyphs=True, layout_features=[], name_IDs=["*"],
                             hinting=False)
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM", "hdmx", "kern"]
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(COVERED))
    subsetter.subset(font)
    partial = f"{target}.{os.getpid()}.tmp"
    font.save(partial)
    os.replace(partial, target)


def font_files(fonts_folder, cache_folder, text=""):
    """{style: path} of the fonts for a document whose texts are ``text``: the cut ones when they cover it."""
    whole = {style: os.path.join(fonts_folder, name) for style, name in FILES.items()}
    if any(ord(ch) not in COVERED for ch in text if not ch.isspace()):
        return whole
    key = (fonts_folder, cache_folder)
    with _lock:
        if key not in _made:
            os.makedirs(cache_folder, exist_ok=True)
            made = {}
            for style, source in whole.items():
                stat = os.stat(source)
                tag = hashlib.sha256(f"{source}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]
                target = os.path.join(cache_folder, f"cert-{style or 'R'}-{tag}.ttf")
                if not os.path.isfile(target):
                    _cut(source, target)
                made[style] = target
            _made[key] = made
        return dict(_made[key])
