"""The licences of what the site publishes: one place that every export's metadata quotes."""

from __future__ import annotations

DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
"""Our records (claims, sources, actors, weapon systems, places) and every file made from them."""

QUOTES_NOTE = ("Quotes are short excerpts of the documents cited, reproduced for the purpose of citation and "
               "review; they remain the work of their authors and are not covered by this licence.")

CODE_LICENCE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/license/mit"}

ATTRIBUTION = "Attribute to the knowledge base by name and link to the claim's permanent page."


def statement(site_name: str) -> str:
    """One sentence for metadata fields that take free text."""
    return (f"Data of {site_name}: {DATA_LICENCE['title']} ({DATA_LICENCE['name']}, {DATA_LICENCE['path']}). "
            f"{QUOTES_NOTE}")
