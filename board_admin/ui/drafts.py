"""Minutes being typed, kept in a small file beside the database until they are saved.

The meeting window saves an agenda item when the user leaves it; a crash or a power cut before that would
lose what was typed since. So while the user types, the window writes what is in the editor to a draft
file in the data folder a moment after the last keystroke (written whole, through a temporary file, so a
cut mid-write leaves the previous draft), removes an item's draft once the item is saved, and offers any
draft left behind the next time the meeting is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger("board_admin.ui")

DRAFTS_FOLDER = "drafts"


@dataclass(frozen=True)
class ItemDraft:
    item_id: int
    position: int
    title: str
    presenter: str
    paper_reference: str
    minutes: str
    decisions: str
    written_at: str = ""


class MinutesDrafts:
    """The drafts of one meeting's agenda items, in one JSON file named after the database and the meeting."""

    def __init__(self, folder: Path, database_name: str, meeting_id: int) -> None:
        key = hashlib.sha256(database_name.encode("utf-8")).hexdigest()[:12]
        self.path = Path(folder) / f"minutes-{key}-meeting-{meeting_id}.json"
        self.database_name = database_name
        self.meeting_id = meeting_id

    def read(self) -> dict[int, ItemDraft]:
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
            return {int(key): ItemDraft(**value) for key, value in content.get("items", {}).items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError) as error:
            # A damaged draft must not stop the meeting opening; it is left for someone to look at.
            log.warning("Could not read the minutes draft %s: %s", self.path, error)
            return {}

    def keep(self, draft: ItemDraft) -> None:
        drafts = self.read()
        stamped = ItemDraft(**{**asdict(draft), "written_at": dt.datetime.now().isoformat(timespec="seconds")})
        drafts[draft.item_id] = stamped
        self._write(drafts)

    def forget(self, item_id: int) -> None:
        drafts = self.read()
        if item_id in drafts:
            del drafts[item_id]
            self._write(drafts)

    def forget_all(self) -> None:
        self._write({})

    def _write(self, drafts: dict[int, ItemDraft]) -> None:
        try:
            if not drafts:
                self.path.unlink(missing_ok=True)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            content = {
                "database": self.database_name,
                "meeting_id": self.meeting_id,
                "items": {str(item_id): asdict(draft) for item_id, draft in drafts.items()},
            }
            handle, temporary = tempfile.mkstemp(prefix=".draft-", suffix=".json", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump(content, file, ensure_ascii=False, indent=1)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            # The draft is a safety net; the user's work is still in the editor and saved on leaving the item.
            log.warning("Could not write the minutes draft %s: %s", self.path, error)
