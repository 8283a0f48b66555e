"""Build-side code for the site: the calculator directive, form rendering and the browser bundle.

Nothing here is MkDocs-specific except `scripts/mkdocs_hooks.py`, which only calls `bundle`;
a successor of MkDocs that runs Python-Markdown extensions can use the rest unchanged.
"""
