"""Render: turn a checked knowledge base into Markdown pages and data files, then build the site with MkDocs.

`generate.generate_docs` writes the pages and data files into a docs folder; `build.build_site` runs
a real `mkdocs build` over it; `serve.serve` regenerates and previews as records change.
"""
