"""Update the interface translations: `make translations` (or run this file).

1. pyside6-lupdate extracts every tr()/translate() text from bpviewer/ (but core) into the .ts file;
2. the action registry's texts (context "Actions") and the labs' titles ("Labs") are data,
   not tr() calls, so they are added here from ACTIONS and LABS themselves (core's own texts
   are not Qt's: resources/i18n/core_<language>.json, see core/texts.py);
3. translations already in the .ts file are kept; new texts arrive unfinished, for
   Qt Linguist (pyside6-linguist) or a text editor;
4. pyside6-lrelease builds the .qm file the application loads.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bpviewer.qt.actions import ACTIONS, OR, TOOLBAR_TITLE, ZOOM_WHEEL  # noqa: E402
from bpviewer.qt.i18n import (  # noqa: E402
    ACTIONS_CONTEXT,
    LABS_CONTEXT,
    TRANSLATED,
)
from bpviewer.qt.labs import LABS  # noqa: E402

I18N = ROOT / "bpviewer" / "resources" / "i18n"
BIN = Path(sys.executable).parent


def registry_texts() -> dict[str, list[str]]:
    texts = [TOOLBAR_TITLE, OR, ZOOM_WHEEL]
    for spec in ACTIONS:
        texts += [t for t in (spec.text, spec.tooltip, spec.menu, spec.short) if t]
    return {ACTIONS_CONTEXT: list(dict.fromkeys(texts)),
            LABS_CONTEXT: list(dict.fromkeys([lab.title for lab in LABS]
                                             + [lab.tab for lab in LABS if getattr(lab, "tab", "")]))}


def _translations(ts: Path) -> dict[tuple[str, str], str]:
    if not ts.exists():
        return {}
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            text = message.findtext("translation") or ""
            if text and message.find("translation").get("type") != "unfinished":
                found[(name, message.findtext("source"))] = text
    return found


def update(language: str) -> None:
    I18N.mkdir(parents=True, exist_ok=True)
    ts = I18N / f"bpviewer_{language}.ts"
    known = _translations(ts)
    core = ROOT / "bpviewer" / "core"  # its tr() is core.texts', not Qt's
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "bpviewer").rglob("*.py")
                     if core not in p.parents)
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-locations", "none",
                    "-target-language", language, "-ts", str(ts)], cwd=ROOT, check=True)
    tree = ET.parse(ts)
    root = tree.getroot()
    contexts = {c.findtext("name"): c for c in root.iter("context")}
    for name, texts in registry_texts().items():
        context = contexts.get(name)
        if context is None:
            context = ET.SubElement(root, "context")
            ET.SubElement(context, "name").text = name
        present = {m.findtext("source") for m in context.iter("message")}
        for text in texts:
            if text not in present:
                message = ET.SubElement(context, "message")
                ET.SubElement(message, "source").text = text
                ET.SubElement(message, "translation", type="unfinished")
    unfinished = 0
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = known.get((name, message.findtext("source")))
            if text and (not translation.text or translation.get("type") == "unfinished"):
                translation.text = text
                translation.attrib.pop("type", None)
            # lupdate may guess a text from a similar message, still marked unfinished:
            # lrelease leaves those out, so they count as untranslated
            unfinished += not translation.text or translation.get("type") == "unfinished"
    ET.indent(tree, space="    ")
    body = ET.tostring(root, encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                  encoding="utf-8")
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm",
                    str(ts.with_suffix(".qm"))], cwd=ROOT, check=True)
    print(f"{ts.relative_to(ROOT)}: {unfinished} unfinished")


if __name__ == "__main__":
    for lang in TRANSLATED:
        update(lang)
