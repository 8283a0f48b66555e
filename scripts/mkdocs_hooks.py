"""The only MkDocs-specific code. It reads a council's `extra` settings into the config, and
after each build adds the browser bundle to the site.

Everything it calls lives in `toolkit_site`. Our own site needs only the last step, which a tool that
runs no hooks (Zensical) gets with `python -m toolkit_site.build SITE_DIR` after its own build; the
council settings (branding, own data, own pages) are read here only, so councils build with MkDocs.
"""

from pathlib import Path

from toolkit_site.build import finish_site
from toolkit_site.council import accessibility_statement, brand, calculator_data_paths, check_extra, local_section

DIRECTIVE = "toolkit_site.directive"


def on_config(config, **kwargs):
    check_extra(config.extra, config.config_file_path)
    paths = calculator_data_paths(config.extra, config.config_file_path)
    directive = config.mdx_configs.setdefault(DIRECTIVE, {})
    directive.setdefault("publisher", config.site_name)  # each result names whose data it used
    if paths:
        directive["data"] = {**(directive.get("data") or {}), **paths}
    section = local_section(config.extra, config.config_file_path, config.docs_dir)
    if section and config.nav is not None:
        config.nav.append(section)
    return config


def on_page_markdown(markdown, page, config, **kwargs):
    if page.meta.get("title"):
        page.meta["title"] = brand(page.meta["title"], config.site_name)
    markdown = accessibility_statement(markdown, config.extra.get("council"), config.site_url or "")
    return brand(markdown, config.site_name)


def on_post_build(config, **kwargs):
    # the web app manifest takes the council's site name, and its logo as the app's icon if it sets one
    finish_site(Path(config["site_dir"]), config["site_name"], config["theme"].get("logo"))
