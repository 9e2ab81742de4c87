"""Accept or reject every tracked change of a .docx in LibreOffice and write what is left.

Run with the system Python that has LibreOffice's ``uno`` module (not the project's venv),
against a running ``soffice --headless --accept=pipe,name=NAME;urp;``:

    /usr/bin/python3 tests/report/lo_revisions.py NAME draft.docx out.json FIRST AFTER

``out.json`` holds, for "accept" and "reject", how many tracked changes the document had
before and has after, and every body paragraph and table in order from the "Heading 1"
paragraph reading FIRST up to the one reading AFTER: a paragraph's text,
paragraph style, list style and whether it is a numbered (bulleted) item; a table's cell texts
row by row (its paragraphs are not body paragraphs); the comments with the block (and table
cell) each is anchored in, its anchored text, author and content.
"""

import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

CONNECT_SECONDS = 60


def _property(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def connect(pipe):
    """The running office's desktop, waiting for it to start listening."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    manager = context.ServiceManager
    desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
    return desktop, dispatcher


def _comments_in(paragraph, place, comments):
    """The comments anchored in ``paragraph``, each with ``place`` (where the paragraph is)."""
    for portion in paragraph.createEnumeration():
        if portion.TextPortionType == "Annotation":
            field = portion.TextField
            comments.append(
                {
                    **place,
                    "anchor": field.getAnchor().getString(),
                    "content": field.Content,
                    "author": field.Author,
                }
            )


def _paragraph(paragraph):
    numbered = bool(paragraph.NumberingIsNumber) and bool(paragraph.NumberingStyleName)
    return {
        "type": "paragraph",
        "text": paragraph.getString(),
        "style": paragraph.ParaStyleName,
        "list_style": paragraph.NumberingStyleName or "",
        "numbered": numbered,
    }


def _table(table, index, comments):
    rows = []
    for row in range(table.Rows.Count):
        cells = []
        for column in range(table.Columns.Count):
            cell = table.getCellByPosition(column, row)
            cells.append(cell.getString())
            place = {"block": index, "cell": [row, column]}
            for paragraph in cell.Text.createEnumeration():
                _comments_in(paragraph, place, comments)
        rows.append(cells)
    return {"type": "table", "rows": rows}


def _is_table(element) -> bool:
    return element.supportsService("com.sun.star.text.TextTable")


def _chapter(elements, first: str, after: str):
    """The elements from the "Heading 1" paragraph reading ``first`` up to the one reading
    ``after`` (not included); the other paragraphs' texts are not read, which keeps a long
    document quick to read over the UNO bridge."""
    found = {}
    for index, element in enumerate(elements):
        if not _is_table(element) and element.ParaStyleName == "Heading 1":
            found.setdefault(element.getString(), index)
    return elements[found[first] : found[after]]


def read(document, first: str, after: str):
    """The chapter's paragraphs and tables, its comments and the tracked changes left."""
    blocks, comments = [], []
    elements = list(document.Text.createEnumeration())
    for element in _chapter(elements, first, after):
        index = len(blocks)
        if _is_table(element):
            blocks.append(_table(element, index, comments))
        else:
            blocks.append(_paragraph(element))
            _comments_in(element, {"block": index}, comments)
    return {"blocks": blocks, "comments": comments, "redlines": document.Redlines.Count}


def state(desktop, dispatcher, url, command, chapter):
    """The document after the dispatch ``command``, read back, then closed unsaved."""
    document = desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))
    try:
        before = document.Redlines.Count
        frame = document.CurrentController.Frame
        dispatcher.executeDispatch(frame, command, "", 0, ())
        return read(document, *chapter) | {"redlines_before": before}
    finally:
        document.close(True)


def main(pipe, source, target, first, after):
    desktop, dispatcher = connect(pipe)
    url = uno.systemPathToFileUrl(source)
    chapter = (first, after)
    result = {
        "accept": state(desktop, dispatcher, url, ".uno:AcceptAllTrackedChanges", chapter),
        "reject": state(desktop, dispatcher, url, ".uno:RejectAllTrackedChanges", chapter),
    }
    with open(target, "w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:6])
