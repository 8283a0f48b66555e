"""The only MkDocs-specific code: after each build, add the browser bundle to the site.

Everything it calls lives in `toolkit_site`, so a successor of MkDocs can run
`python -m toolkit_site.bundle SITE_DIR` after its own build instead.
"""

from pathlib import Path

from toolkit_site.bundle import write_bundle


def on_post_build(config, **kwargs):
    write_bundle(Path(config["site_dir"]))
