"""The one entry point the browser's worker calls: JSON in, JSON out.

Kept separate so the web page never depends on a calculator's internals, and so that
an unexpected failure comes back as a message for the page, not a Python traceback.
"""

from __future__ import annotations

import json
from typing import Any

from ..engine import act, run
from ..io.json_files import json_depth
from ..io.limits import MAX_BYTES, MAX_DEPTH, capped, too_big
from ..kit.errors import ConfigError

# A file's base64 is 4/3 of its size; the answers beside it are small.
MAX_REQUEST = MAX_BYTES * 4 // 3 + 2 * 1024 * 1024


def handle(request_json: str) -> str:
    """request: {"calculator", "values", "options"?, "data"?, "action"?, "payload"?, "filename"?, "sheet"?,
    "download_contents"?}.

    Without an action it calculates (see calculators.run; "download_contents": false leaves the
    downloads' text out, for the page to ask for with the action "download"); with one it runs
    calculators.act. At most MAX_MESSAGES problems come back, then a count of the rest.
    """
    if len(request_json) > MAX_REQUEST:  # only a file can make a request this big: refuse it unread
        return json.dumps({"ok": False, "errors": [too_big(len(request_json)).as_dict()]})
    try:
        request = _request(request_json)
    except ValueError as problem:  # the request itself (not the answers or file in it) is malformed
        return json.dumps(
            {
                "ok": False,
                "errors": [],
                "failure": f"The page sent a request this calculator cannot read: {problem}. Your answers are kept.",
            }
        )
    try:
        response = _answer(request)
    except ConfigError as problem:
        response = {"ok": False, "errors": [], "failure": f"This calculator is set up wrongly: {problem}"}
    except Exception as problem:  # a file or answers the code did not foresee: never blamed on the page
        response = {
            "ok": False,
            "errors": [],
            "failure": f"The calculator hit an unexpected problem ({type(problem).__name__}). "
            "Your answers are kept; please report this to the site's owners.",
        }
    if isinstance(response.get("errors"), list):
        response["errors"] = capped(response["errors"])
    return json.dumps(response)


def _request(request_json: str) -> dict[str, Any]:
    if json_depth(request_json) > MAX_DEPTH + 3:  # a request is a few levels deep; refuse before parsing
        raise ValueError(f"answers nested more than {MAX_DEPTH} levels deep")
    request = json.loads(request_json)
    if not isinstance(request, dict) or not isinstance(request.get("calculator"), str):
        raise ValueError('the request must be a JSON object naming a "calculator"')
    return request


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    args = (request["calculator"], request.get("values") or {})
    if request.get("action"):
        return act(
            args[0],
            request["action"],
            args[1],
            request.get("options") or {},
            request.get("data"),
            request.get("payload") or "",
            request.get("filename") or "",
            request.get("sheet") or "",
            request.get("mapping"),
        )
    return run(
        *args,
        request.get("options") or {},
        request.get("data"),
        download_contents=request.get("download_contents", True) is not False,
    )


def warm_up() -> None:
    """Import every calculator and run its worked example once, then freeze what is loaded.

    The build calls this before taking the memory snapshot the browser starts from, so the first
    real calculation is as quick as the rest. It names no calculator, so a new one is warmed up
    too. gc.freeze() moves everything loaded so far out of the garbage collector's sight: full
    collections then scan only what a calculation creates, which removes most slow outliers.
    """
    import gc

    from ..registry import CALCULATORS, prepare

    for name in CALCULATORS:
        calc, settings = prepare(name)
        handle(json.dumps({"calculator": name, "values": calc.example(settings)}))
    gc.freeze()
