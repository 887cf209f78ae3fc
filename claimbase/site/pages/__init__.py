"""The page families of the site, one module each; `generate.SiteGenerator` puts them together.

- `context`: what every page family shares (settings, the preview's memo, the renderer, claim rows,
  edit and report links, the order claims are listed in);
- `claims`: claim pages and the redirects of merged claims;
- `records`: the pages of weapon systems, places, actors and sources;
- `indexes`: the listings, claims index, disputed figures, timeline, map, search and data pages;
- `handwritten`: docs/ copied in with its placeholders filled, the assets and the JSON Schemas.
"""
