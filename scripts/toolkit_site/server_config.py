"""Ready-made web server settings for a built site, for the path it is served from.

    python -m toolkit_site.server_config SITE_DIR SITE_URL [SERVER_DIR]

writes the settings beside the built site, in SERVER_DIR (default: a `server/` folder next to SITE_DIR),
where no server publishes them:
  server/nginx.conf          nginx, any build: `include` it inside your `server { }` block
  server/nginx-brotli.conf   the same, also sending Brotli copies (needs nginx's brotli_static module)
  server/apache.conf         Apache, for servers that do not read .htaccess (Debian's `AllowOverride None`):
                             `Include` it in your <VirtualHost>; it holds a <Directory> block with everything
  server/csp.txt             the Content-Security-Policy on its own
and into the site only what its server reads from there and never sends: `.htaccess` (Apache, where
`AllowOverride All`) and `web.config` (IIS); plus a Brotli (`NAME.br`) and a gzip (`NAME.gz`) copy of
each compressible file, which the servers send as they are, so the largest file (the WebAssembly
runtime) is compressed once, at build time, as tightly as each format allows.

Each sets: the types browsers insist on (`.wasm` application/wasm, `.mjs` JavaScript), compression
including application/wasm, long-lived immutable caching for fingerprinted files and revalidation
for everything else, and a Content-Security-Policy without 'unsafe-inline' for scripts (csp.py).
What they must do is described once (`Description`); templates/servers/ holds how each server says it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from jinja2 import Environment, FileSystemLoader

from .compress import COMPRESS, precompress
from .csp import content_security_policy

TYPES = {  # suffix -> type; a `types {}` block in nginx replaces its whole list, so every suffix we serve is here
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "mjs": "text/javascript",
    "json": "application/json",
    "webmanifest": "application/manifest+json",
    "wasm": "application/wasm",
    "whl": "application/zip",
    "zip": "application/zip",
    "bin": "application/octet-stream",
    "map": "application/json",
    "svg": "image/svg+xml",
    "png": "image/png",
    "ico": "image/x-icon",
    "xml": "application/xml",
    "gz": "application/gzip",
    "txt": "text/plain",
    "csv": "text/csv",
    "woff2": "font/woff2",
}
COMPRESSED_TYPES = sorted({TYPES[s] for s in COMPRESS} - {"text/html"})  # nginx always compresses text/html
# Fingerprinted: the file's name (or folder) changes whenever its content does, so it can be cached for a year.
IMMUTABLE = r"(/assets/calculators/[0-9a-f]+/|\.[0-9a-f]{8}\.min\.(js|css)$)"


IIS_IMMUTABLE = ("assets/calculators", "assets/stylesheets")  # folders holding only fingerprinted files
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates" / "servers"),
    trim_blocks=True,
    keep_trailing_newline=True,
    autoescape=False,  # server settings, not HTML; web.config escapes its values itself (| xml)
)
TEMPLATES.filters["xml"] = lambda value: escape(str(value), {'"': "&quot;"})  # a double-quoted XML attribute


@dataclass(frozen=True)
class Description:
    """What every server must do for the site, once: its templates (templates/servers/) only say how."""

    prefix: str  # the path it is served from, with a trailing slash
    site: Path  # the folder the server serves (for a deploy, TARGET/current/site: it never changes)
    server: Path  # where the server finds these settings (TARGET/current/server)
    csp: str
    revalidate: str = "no-cache"  # pages, sw.js and every name that keeps its content between builds
    forever: str = "public, max-age=31536000, immutable"  # fingerprinted names
    forever_iis: str = "public, immutable"  # IIS adds the max-age itself
    immutable: str = IMMUTABLE
    immutable_folders: tuple[str, ...] = IIS_IMMUTABLE
    compressed_types: tuple[str, ...] = tuple(COMPRESSED_TYPES)

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [
            ("Content-Security-Policy", self.csp),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
        ]

    @property
    def served_types(self) -> list[tuple[str, str]]:
        return [(suffix, kind) for suffix, kind in TYPES.items() if suffix != "gz"]

    @property
    def all_types(self) -> list[tuple[str, str]]:
        return [*TYPES.items(), ("br", "application/x-brotli")]

    @property
    def compressed_suffixes(self) -> list[tuple[str, str]]:
        return [(suffix, TYPES[suffix]) for suffix in sorted(COMPRESS)]

    @property
    def immutable_after_rewrite(self) -> str:
        return self.immutable.replace("$", r"(\.br|\.gz)?$")  # Apache sees the .br or .gz name after it


def render(template: str, description: Description, **more: object) -> str:
    return TEMPLATES.get_template(template).render(d=description, **more)


def nginx(description: Description, brotli_static: bool = False) -> str:
    name = "nginx-brotli.conf" if brotli_static else "nginx.conf"
    return render("nginx.conf", description, brotli=brotli_static, name=name)


def apache(description: Description) -> str:
    return render("htaccess", description)


def apache_directory(description: Description) -> str:
    """For Apache servers that do not read .htaccess (Debian's default `AllowOverride None`): the same
    rules in a <Directory> block, to `Include` inside the <VirtualHost>."""
    rules = apache(description).split("\n", 1)[1].rstrip("\n")  # without its heading comment
    return render("apache.conf", description, rules=rules)


def iis(description: Description) -> str:
    return render("web.config", description)


def write_server_configs(
    site: Path, site_url: str, server: Path | None = None, served: Path | None = None, sweep: bool = True
) -> dict[str, Path]:
    """Compressed copies into `site`; its settings into `server` (default: `server/` beside `site`), never
    into the published folder. `served` is the path the server is given for the site (for a deploy, the
    stable TARGET/current/site rather than the build's own folder)."""
    site = site.resolve()
    server = (server or site.parent / "server").absolute()
    served = (served or site).absolute()
    prefix = urlsplit(site_url).path or "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    csp = content_security_policy(site)
    precompress(site, sweep)
    server.mkdir(parents=True, exist_ok=True)
    written = {
        "nginx": server / "nginx.conf",
        "nginx-brotli": server / "nginx-brotli.conf",
        "apache-directory": server / "apache.conf",
        "apache": site / ".htaccess",
        "iis": site / "web.config",
        "csp": server / "csp.txt",
    }
    description = Description(prefix, served, served.parent / "server", csp)  # TARGET/current/server for a deploy
    written["nginx"].write_text(nginx(description), encoding="utf-8")
    written["nginx-brotli"].write_text(nginx(description, brotli_static=True), encoding="utf-8")
    written["apache-directory"].write_text(apache_directory(description), encoding="utf-8")
    written["apache"].write_text(apache(description), encoding="utf-8")
    written["iis"].write_text(iis(description), encoding="utf-8")
    written["csp"].write_text(csp + "\n", encoding="utf-8")
    return written


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    where = Path(sys.argv[3]) if len(sys.argv) == 4 else None
    for kind, path in write_server_configs(Path(sys.argv[1]), sys.argv[2], where).items():
        print(f"{kind}: {path}")
