"""People's names as the business unit lists them: by surname, whatever title comes first."""

from __future__ import annotations

# Titles and ranks written before a name in partnership papers; they are not what a list is looked up by.
TITLES = frozenset(
    word.casefold()
    for word in (
        "Mr Mrs Ms Miss Mx Dr Prof Professor Rev Revd Reverend Sir Dame Lord Lady Cllr Councillor Hon "
        "DCI DI DS DC DCS DSupt Supt ChSupt CI Insp Inspector Sgt PC ACC DCC CC Cmdr"
    ).split()
)
# Parts of a surname written before it: "van der Berg" is listed under V, as "Van der Berg".
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "du", "da", "di", "le", "la", "st", "st.", "mac", "al"})


def surname_key(name: str) -> tuple[str, str]:
    """(surname, the rest) without case, for sorting: "Cllr Jane Smith" and "Dr Anil Patel" sort under
    Smith and Patel. Letters after the name ("Dr Ann Lee OBE") are rare enough to be left to the surname."""
    words = [word for word in name.replace(",", " ").split() if word]
    while len(words) > 1 and words[0].rstrip(".").casefold() in TITLES:
        words = words[1:]
    if not words:
        return ("", "")
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    return (" ".join(words[start:]).casefold(), " ".join(words[:start]).casefold())
