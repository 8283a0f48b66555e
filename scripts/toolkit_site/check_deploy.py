"""Check a live deployment from its address, as a browser sees it, and name the server setting that fixes
each problem. A server that ignores the generated settings (a stock nginx, Apache with Debian's default
`AllowOverride None`) still serves the pages, so only checking the answers shows it.

    python -m toolkit_site.check_deploy https://toolkit.anytown.gov.uk/      # exit 1 if anything is wrong

Checked: the types of .mjs, .wasm and .json; the runtime compressed; pages and sw.js revalidated each
visit (never cached for long), fingerprinted files cached as immutable; the Content-Security-Policy
and the security headers on every answer; the old in-site settings folder (`_server/`) not readable.
"""

from __future__ import annotations

import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field

CALCULATOR_PAGE = "workload/individual-calculator/"
JAVASCRIPT = ("text/javascript", "application/javascript")


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")


def fetch(url: str, encodings: str = "identity") -> Answer:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encodings, "User-Agent": "toolkit-check"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers))


def fixes(server: str) -> dict[str, str]:
    """The setting that fixes a missing header or type, worded for the server that answered."""
    if "apache" in server.lower():
        settings = (
            "Apache is not using the generated settings: where the site's folder has `AllowOverride None` "
            "(Debian's default) .htaccess is ignored, so `Include /path/to/TARGET/current/server/apache.conf` "
            "inside your <VirtualHost> (or set `AllowOverride All` for the folder); `a2enmod headers rewrite deflate`"
        )
    elif "nginx" in server.lower():
        settings = (
            "nginx is not using the generated settings: put `include /path/to/TARGET/current/server/nginx.conf;` "
            "inside your `server { }` block, then `nginx -t && nginx -s reload`"
        )
    else:
        settings = "the server is not using the generated settings (TARGET/current/server/, or web.config for IIS)"
    return {"settings": settings}


def check_headers(name: str, answer: Answer, fix: str) -> list[str]:
    problems = []
    policy = answer.header("Content-Security-Policy")
    if not policy:
        problems.append(f"{name}: no Content-Security-Policy header. Fix: {fix}")
    elif "'wasm-unsafe-eval'" not in policy or "'unsafe-inline'" in policy.split("script-src", 1)[-1].split(";")[0]:
        problems.append(f"{name}: the Content-Security-Policy is not the generated one ({policy[:80]}…). Fix: {fix}")
    if answer.header("X-Content-Type-Options").lower() != "nosniff":
        problems.append(f"{name}: no `X-Content-Type-Options: nosniff`. Fix: {fix}")
    if not answer.header("Referrer-Policy"):
        problems.append(f"{name}: no Referrer-Policy header. Fix: {fix}")
    return problems


def revalidated(name: str, answer: Answer, fix: str) -> list[str]:
    """Pages and sw.js must be checked each visit, or visitors keep an old version after a deploy."""
    cache = answer.header("Cache-Control").lower()
    if "no-cache" in cache or "max-age=0" in cache:
        return []
    return [f"{name}: Cache-Control is {cache or 'not set'!r}; it must be no-cache. Fix: {fix}"]


def check(url: str) -> list[str]:
    url = url if url.endswith("/") else url + "/"
    home = fetch(url)
    if home.status != 200:
        return [f"{url}: answered {home.status}, not 200. Fix: check the address and that the server is running"]
    fix = fixes(home.header("Server"))["settings"]
    problems = check_headers("the home page", home, fix) + revalidated("the home page", home, fix)
    worker = fetch(url + "sw.js")
    if worker.status != 200 or not worker.header("Content-Type").startswith(JAVASCRIPT):
        problems.append(f"sw.js: answered {worker.status} {worker.header('Content-Type')!r}. Fix: {fix}")
    problems += revalidated("sw.js", worker, fix)
    for path, kinds in (
        ("assets/pyodide/pyodide.mjs", JAVASCRIPT),
        ("assets/pyodide/pyodide.asm.wasm", ("application/wasm",)),
        ("assets/pyodide/pyodide-lock.json", ("application/json",)),
    ):
        answer = fetch(url + path, "gzip, deflate, br")
        kind = answer.header("Content-Type")
        if answer.status != 200 or not kind.startswith(kinds):
            problems.append(f"{path}: answered {answer.status} with type {kind!r}, not {kinds[0]}. Fix: {fix}")
        if path.endswith(".wasm") and answer.header("Content-Encoding") not in ("br", "gzip"):
            problems.append(f"{path}: sent uncompressed (about 9.6 MB instead of 3 MB). Fix: {fix}")
    problems += check_fingerprinted(url, fix)
    if fetch(url + "_server/nginx.conf").status == 200:
        problems.append(
            "_server/nginx.conf is readable (file paths of your server): an older build's settings folder "
            "is still in the site. Fix: rebuild (settings are now written beside the site) and delete _server/"
        )
    return problems


def check_fingerprinted(url: str, fix: str) -> list[str]:
    """The calculators' folder is named by its content: cached for a year, as immutable."""
    page = fetch(url + CALCULATOR_PAGE)
    found = re.search(rb"assets/calculators/[0-9a-f]+/", page.body)
    if not found:
        return [
            f"{CALCULATOR_PAGE}: answered {page.status} without the calculators' address. Fix: deploy the whole site"
        ]
    wheel = fetch(url + found.group(0).decode() + "packages.json")
    cache = wheel.header("Cache-Control")
    if "immutable" not in cache:
        return [f"{found.group(0).decode()}: Cache-Control {cache or 'not set'!r}, not immutable. Fix: {fix}"]
    return []


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(argv[0])
    shared = {problem.rsplit(" Fix: ", 1)[-1] for problem in problems}
    for problem in problems:  # the fix once when every problem has the same one (the usual: settings not read)
        print(f"- {problem.rsplit(' Fix: ', 1)[0] if len(shared) == 1 else problem}")
    if len(shared) == 1:
        print(f"Fix: {shared.pop()}")
    print(f"{argv[0]}: {len(problems)} problem(s)" if problems else f"{argv[0]}: served as the build intends")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
