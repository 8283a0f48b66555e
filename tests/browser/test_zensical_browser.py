"""The site built by Zensical (and finished by `python -m toolkit_site.build`) in Chromium: on every
page that places a calculator, each calculator starts, and its worked example, submitted, gives what
native Python gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import calculator_pages, result_of, submit, use_example, wait_until_settled
from conftest import free_port, serve
from registry_helpers import calculator_pages as pages_in_content
from zensical_helpers import build_with_zensical

import calculators
from calculators import run

pytestmark = pytest.mark.browser
# Every page of content/ that places a calculator: the registry's pages, so a new calculator is in here too.
PAGES = sorted(set(pages_in_content().values()))


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """(the built site, its address): built once, served as a plain static server would."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = build_with_zensical(tmp_path_factory.mktemp("zensical"), url).site
    server = serve(site, port)
    yield site, url
    server.shutdown()


def test_every_calculator_page_is_tested(zensical_site: tuple[Path, str]):
    built = calculator_pages(zensical_site[0])
    assert sorted(built) == PAGES  # a page placing only calculators placed elsewhere too would be missed
    assert {name for found in built.values() for _, name, _ in found} == set(calculators.CALCULATORS)


@pytest.mark.parametrize("path", PAGES)
def test_each_calculator_answers_as_native_python(page, zensical_site: tuple[Path, str], path: str):
    site, url = zensical_site
    page.goto(url + path)
    found = calculator_pages(site)[path]
    for element_id, name, options in found:
        wait_until_settled(page, element_id)
        use_example(page, element_id)
        submit(page, element_id)  # the worked example, as a user pressing Calculate sends it
        calc, settings = calculators.prepare(name, options)
        assert result_of(page, element_id) == run(name, calc.example(settings), options)["result"], element_id
