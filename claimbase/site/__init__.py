"""Render: turn a checked knowledge base into Markdown pages and data files, then build the site.

`generate.generate_docs` writes the pages (`pages/`) and data files into a docs folder; `build.build_site`
builds it with an engine (`engines/`: MkDocs by default, or Zensical); `serve.serve` regenerates and
previews as records change. docs/architecture.md draws the whole flow.
"""
