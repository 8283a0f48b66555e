"""The only MkDocs-specific code. It reads a council's `extra` settings into the config, and
after each build adds the browser bundle to the site.

Everything it calls lives in `toolkit_site`, so a successor of MkDocs can do the same with
`python -m toolkit_site.bundle SITE_DIR` after its own build.
"""

from pathlib import Path

from toolkit_site.bundle import write_bundle
from toolkit_site.council import calculator_data_paths, local_section

DIRECTIVE = "toolkit_site.directive"


def on_config(config, **kwargs):
    paths = calculator_data_paths(config.extra, config.config_file_path)
    if paths:
        directive = config.mdx_configs.setdefault(DIRECTIVE, {})
        directive["data"] = {**(directive.get("data") or {}), **paths}
    section = local_section(config.extra, config.config_file_path)
    if section and config.nav is not None:
        config.nav.append(section)
    return config


def on_post_build(config, **kwargs):
    write_bundle(Path(config["site_dir"]))
