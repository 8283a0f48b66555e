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
for everything else, and a Content-Security-Policy without 'unsafe-inline' for scripts: the theme's
inline scripts are allowed by their SHA-256 hashes, computed here from the built pages.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

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


def nginx(site: Path, prefix: str, csp: str, brotli_static: bool = False, server: Path | None = None) -> str:
    """`site` is the folder the server serves (for a deploy, TARGET/current/site: it never changes)."""
    types = "\n".join(f"        {kind} {suffix};" for suffix, kind in TYPES.items() if suffix != "gz")
    headers = (
        f'        add_header Content-Security-Policy "{csp}" always;\n'
        '        add_header X-Content-Type-Options "nosniff" always;\n'
        '        add_header Referrer-Policy "no-referrer" always;\n'
        "        add_header Cache-Control $toolkit_cache always;"
    )
    if brotli_static:
        about = (
            "# This one sends the build's Brotli copies (NAME.br), 0.8 MB smaller for the runtime than gzip.\n"
            "# It needs the brotli_static module (Debian: apt-get install libnginx-mod-http-brotli-static);\n"
            '# without it, `nginx -t` says `unknown directive "brotli_static"`: use nginx.conf (gzip only).'
        )
        brotli_line = "    brotli_static on;  # NAME.br to browsers that accept br, before gzip_static\n"
    else:
        about = (
            "# Works with any nginx (gzip only). If yours has the brotli_static module (Debian:\n"
            "# apt-get install libnginx-mod-http-brotli-static), include nginx-brotli.conf instead: 0.8 MB less."
        )
        brotli_line = ""
    name = "nginx-brotli.conf" if brotli_static else "nginx.conf"
    return f"""# nginx settings for the toolkit served at {prefix}, written by the build.
# Put `include {server or site.parent / "server"}/{name};` inside your `server {{ }}` block.
{about}
# If you copy the site elsewhere, change the `alias` line to the new folder (keep the trailing slash).
location ^~ {prefix} {{
    alias {site}/;
    index index.html;
    error_page 404 {prefix}404.html;
    default_type application/octet-stream;
    types {{
{types}
    }}
    # compression: files the build compressed are sent as they are; others compressed on the fly
{brotli_line}    gzip_static on;
    gzip on;
    gzip_vary on;
    gzip_comp_level 5;
    gzip_min_length 1024;
    gzip_types {" ".join(COMPRESSED_TYPES)};
    etag on;
    # fingerprinted files never change under the same name; everything else is checked each visit
    set $toolkit_cache "no-cache";
    if ($uri ~ "{IMMUTABLE}") {{
        set $toolkit_cache "public, max-age=31536000, immutable";
    }}
{headers}
}}
"""


def apache(prefix: str, csp: str) -> str:
    immutable = IMMUTABLE.replace("$", r"(\.br|\.gz)?$")  # Apache sees the .br or .gz name after the rewrite
    types = "\n".join(f"AddType {kind} .{suffix}" for suffix, kind in TYPES.items() if suffix != "gz")
    encodings = "\n".join(
        f'    RewriteRule "\\.{suffix}\\.(br|gz)$" "-" [T={TYPES[suffix]},E=no-gzip:1,E=no-brotli:1]'
        for suffix in sorted(COMPRESS)
    )
    return f"""# Apache settings for the toolkit, written by the build (needs mod_headers, mod_rewrite, mod_deflate).
{types}
<IfModule mod_mime.c>
    # Debian's mime.conf reads .br as the Breton language and .gz as an encoding: the rules below set both
    RemoveLanguage .br
    RemoveEncoding .gz
</IfModule>
<IfModule mod_rewrite.c>
    RewriteEngine On
    RewriteBase {prefix}
    # send the build's Brotli copy when the browser accepts br, else its gzip copy when it accepts gzip
    RewriteCond "%{{HTTP:Accept-Encoding}}" "\\bbr\\b"
    RewriteCond "%{{REQUEST_FILENAME}}.br" "-s"
    RewriteRule "^(.+)$" "$1.br" [QSA,L]
    RewriteCond "%{{HTTP:Accept-Encoding}}" "gzip"
    RewriteCond "%{{REQUEST_FILENAME}}.gz" "-s"
    RewriteRule "^(.+)$" "$1.gz" [QSA,L]
{encodings}
</IfModule>
<FilesMatch "\\.br$">
    Header set Content-Encoding br
    Header append Vary Accept-Encoding
</FilesMatch>
<FilesMatch "\\.gz$">
    Header set Content-Encoding gzip
    Header append Vary Accept-Encoding
</FilesMatch>
<IfModule mod_deflate.c>
    AddOutputFilterByType DEFLATE text/html {" ".join(COMPRESSED_TYPES)}
</IfModule>
<IfModule mod_headers.c>
    Header always set Content-Security-Policy "{csp}"
    Header always set X-Content-Type-Options "nosniff"
    Header always set Referrer-Policy "no-referrer"
    Header set Cache-Control "no-cache"
    <If "%{{REQUEST_URI}} =~ m#{immutable}#">
        Header set Cache-Control "public, max-age=31536000, immutable"
    </If>
</IfModule>
ErrorDocument 404 {prefix}404.html
"""


IIS_IMMUTABLE = ("assets/calculators", "assets/stylesheets")  # folders holding only fingerprinted files


def _iis_rewrite() -> str:
    """The <rewrite> section: send the build's .br/.gz copies with the type and encoding of what they stand for."""
    # a pre-compressed copy keeps the type of the file it stands for (IIS would send .br's own)
    retype = "\n".join(
        f"""        <rule name="Type of .{suffix} copies" preCondition="Precompressed">
          <match serverVariable="RESPONSE_Content_Type" pattern=".*" />
          <conditions><add input="{{HTTP_URL}}" pattern="\\.{suffix}\\.(br|gz)$" /></conditions>
          <action type="Rewrite" value="{TYPES[suffix]}" />
        </rule>"""
        for suffix in sorted(COMPRESS)
    )
    precompressed = "\n".join(
        f"""        <rule name="Send the build's {name} copy" stopProcessing="true">
          <match url="^(.+)$" />
          <conditions>
            <add input="{{HTTP_ACCEPT_ENCODING}}" pattern="{pattern}" />
            <add input="{{REQUEST_FILENAME}}.{suffix}" matchType="IsFile" />
          </conditions>
          <action type="Rewrite" url="{{R:1}}.{suffix}" />
        </rule>"""
        for name, pattern, suffix in (("Brotli", r"\bbr\b", "br"), ("gzip", "gzip", "gz"))
    )
    return f"""    <rewrite>
      <rules>
{precompressed}
      </rules>
      <outboundRules rewriteBeforeCache="true">
        <rule name="Encoding of .br copies" preCondition="Precompressed">
          <match serverVariable="RESPONSE_Content_Encoding" pattern=".*" />
          <conditions><add input="{{HTTP_URL}}" pattern="\\.br$" /></conditions>
          <action type="Rewrite" value="br" />
        </rule>
        <rule name="Encoding of .gz copies" preCondition="Precompressed">
          <match serverVariable="RESPONSE_Content_Encoding" pattern=".*" />
          <conditions><add input="{{HTTP_URL}}" pattern="\\.gz$" /></conditions>
          <action type="Rewrite" value="gzip" />
        </rule>
        <rule name="Vary of pre-compressed copies" preCondition="Precompressed">
          <match serverVariable="RESPONSE_Vary" pattern=".*" />
          <action type="Rewrite" value="Accept-Encoding" />
        </rule>
{retype}
        <preConditions>
          <preCondition name="Precompressed">
            <add input="{{HTTP_URL}}" pattern="\\.(br|gz)$" />
          </preCondition>
        </preConditions>
      </outboundRules>
    </rewrite>
"""


def iis(csp: str) -> str:
    # every type we serve, set here rather than trusting the server's list (IIS refuses to send a file whose
    # suffix it has no type for, and lacks .wasm, .mjs, .whl, .webmanifest on older versions)
    mime = "\n".join(
        f'      <remove fileExtension=".{suffix}" />\n      <mimeMap fileExtension=".{suffix}" mimeType="{kind}" />'
        for suffix, kind in [*TYPES.items(), ("br", "application/x-brotli")]
    )
    compress = "\n".join(f'        <add mimeType="{kind}" enabled="true" />' for kind in COMPRESSED_TYPES)
    immutable = "\n".join(
        f"""  <location path="{path}">
    <system.webServer>
      <staticContent>
        <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="365.00:00:00"
                     cacheControlCustom="public, immutable" />
      </staticContent>
    </system.webServer>
  </location>"""
        for path in IIS_IMMUTABLE
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- IIS settings for the toolkit, written by the build. Sending the build's .br and .gz copies needs the
     URL Rewrite module; without it, delete the <rewrite> section and IIS compresses on the fly (gzip).
     httpCompression may be locked at server level: if IIS refuses it, add the same staticTypes in
     applicationHost.config. -->
<configuration>
  <system.webServer>
    <staticContent>
{mime}
      <clientCache cacheControlMode="NoControl" cacheControlCustom="no-cache" />
    </staticContent>
    <urlCompression doStaticCompression="true" doDynamicCompression="false" />
    <httpCompression>
      <staticTypes>
{compress}
      </staticTypes>
    </httpCompression>
{_iis_rewrite()}    <httpProtocol>
      <customHeaders>
        <add name="Content-Security-Policy" value="{csp}" />
        <add name="X-Content-Type-Options" value="nosniff" />
        <add name="Referrer-Policy" value="no-referrer" />
      </customHeaders>
    </httpProtocol>
    <httpErrors errorMode="Custom" existingResponse="Replace">
      <remove statusCode="404" />
      <error statusCode="404" path="404.html" responseMode="File" />
    </httpErrors>
  </system.webServer>
{immutable}
</configuration>
"""


def apache_directory(site: Path, prefix: str, csp: str) -> str:
    """For Apache servers that do not read .htaccess (Debian's default `AllowOverride None`): the same
    rules in a <Directory> block, to `Include` inside the <VirtualHost>."""
    mount = f'DocumentRoot "{site}"' if prefix == "/" else f'Alias "{prefix.rstrip("/")}" "{site}"'
    rules = "\n".join(f"    {line}" if line else "" for line in apache(prefix, csp).splitlines()[1:])
    return f"""# Apache settings for the toolkit served at {prefix}, written by the build: `Include` this file inside
# your <VirtualHost>. Use it where .htaccess files are not read (Debian's default `AllowOverride None`);
# it needs mod_headers, mod_rewrite and mod_deflate (`a2enmod headers rewrite deflate`).
{mount}
<Directory "{site}">
    AllowOverride None
    Options FollowSymLinks
    Require all granted
{rules}
</Directory>
"""


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
    stable = served.parent / "server"  # where the server finds them: TARGET/current/server for a deploy
    written["nginx"].write_text(nginx(served, prefix, csp, server=stable), encoding="utf-8")
    written["nginx-brotli"].write_text(nginx(served, prefix, csp, True, stable), encoding="utf-8")
    written["apache-directory"].write_text(apache_directory(served, prefix, csp), encoding="utf-8")
    written["apache"].write_text(apache(prefix, csp), encoding="utf-8")
    written["iis"].write_text(iis(csp), encoding="utf-8")
    written["csp"].write_text(csp + "\n", encoding="utf-8")
    return written


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    where = Path(sys.argv[3]) if len(sys.argv) == 4 else None
    for kind, path in write_server_configs(Path(sys.argv[1]), sys.argv[2], where).items():
        print(f"{kind}: {path}")
